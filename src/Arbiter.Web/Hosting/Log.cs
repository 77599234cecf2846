using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Hosting;

/// <summary>Every log message of the web host. Prompts, answers, tokens and keys are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Arena battle {BattleId} started ({Language})")]
    public static partial void BattleStarted(ILogger logger, string battleId, string language);

    [LoggerMessage(2, LogLevel.Information, "Vote counted for battle {BattleId} (flagged: {Flagged})")]
    public static partial void Voted(ILogger logger, string battleId, bool flagged);

    [LoggerMessage(3, LogLevel.Warning, "Vote rejected: {Reason} token")]
    public static partial void TokenRejected(ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Arena model {Model} failed: {Error}")]
    public static partial void SideFailed(ILogger logger, string model, string error);

    [LoggerMessage(5, LogLevel.Warning, "Admin request refused from {Remote}: missing or wrong API key")]
    public static partial void AdminRefused(ILogger logger, string remote);

    [LoggerMessage(6, LogLevel.Information, "Admin: {Action} {Target}")]
    public static partial void AdminAction(ILogger logger, string action, string target);

    [LoggerMessage(7, LogLevel.Warning, "Admin API disabled: environment variable {Variable} is not set")]
    public static partial void AdminDisabled(ILogger logger, string variable);

    [LoggerMessage(73, LogLevel.Warning,
        "{Variable} is not set: battle tokens, voter cookies and anti-forgery tokens verify only on this process until it restarts (set the same secret on every web node)")]
    public static partial void TokenSecretRandom(ILogger logger, string variable);

    [LoggerMessage(8, LogLevel.Information, "Arbiter web UI listening at {Url}")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(9, LogLevel.Warning, "Stored arena model {Model} is ignored: a model with that id is in the config, which wins")]
    public static partial void StoredModelShadowed(ILogger logger, string model);

    [LoggerMessage(10, LogLevel.Warning, "Stored arena model {Model} is ignored: {Error}")]
    public static partial void StoredModelUnusable(ILogger logger, string model, string error);

    [LoggerMessage(11, LogLevel.Error, "Admin: {Action} {Target} not saved, nothing changed")]
    public static partial void AdminChangeNotSaved(ILogger logger, Exception error, string action, string target);

    [LoggerMessage(60, LogLevel.Warning, "Vote refused: the {Limit} limit of the window is reached")]
    public static partial void VoteLimited(ILogger logger, string limit);

    [LoggerMessage(61, LogLevel.Warning, "Arena prompt blocked by {Rule} (logged for the operator as {Id}; not sent to any model)")]
    public static partial void PromptBlocked(ILogger logger, string rule, string id);

    [LoggerMessage(62, LogLevel.Error, "A blocked arena prompt could not be logged for the operator (it was still blocked)")]
    public static partial void BlockedNotLogged(ILogger logger, Exception error);

    [LoggerMessage(80, LogLevel.Information, "Voter {VoterId} signed in with a personal link")]
    public static partial void VoterSignedIn(ILogger logger, string voterId);

    [LoggerMessage(81, LogLevel.Warning, "Voter sign-in link refused: unknown or revoked (the token is not logged)")]
    public static partial void VoterSignInRefused(ILogger logger);

    [LoggerMessage(40, LogLevel.Error, "Request {Path} failed: the database is not reachable")]
    public static partial void StoreUnavailable(ILogger logger, Exception error, string path);

    [LoggerMessage(41, LogLevel.Error, "Request {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception error, string path);

    [LoggerMessage(70, LogLevel.Information, "Battle {BattleId} stopped by its voter")]
    public static partial void BattleStopped(ILogger logger, string battleId);

    [LoggerMessage(71, LogLevel.Information, "Conversation retention purged {Battles} battle text(s), {Shares} shared battle(s), {Prompts} blocked-prompt excerpt(s), {States} battle state(s) shared by the web nodes")]
    public static partial void ConversationsPurged(ILogger logger, int battles, int shares, int prompts, int states);

    [LoggerMessage(72, LogLevel.Warning, "Conversation retention purge failed; it runs again later")]
    public static partial void ConversationPurgeFailed(ILogger logger, Exception error);

    [LoggerMessage(74, LogLevel.Warning, "Battle {BattleId} could not be shared with the other web nodes; it can be voted on only here")]
    public static partial void BattleStateNotShared(ILogger logger, string battleId, Exception exception);

    [LoggerMessage(75, LogLevel.Information, "Battle {BattleId} was changed on another web node after version {Version}; this node's copy is dropped")]
    public static partial void BattleStateConflict(ILogger logger, string battleId, long version);

    [LoggerMessage(76, LogLevel.Information, "Battle {BattleId} is being answered on another web node: {Request} refused for a retry")]
    public static partial void BattleStreamingElsewhere(ILogger logger, string battleId, string request);
}
