using System.Security.Cryptography;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena.Moderation;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Arena;

/// <summary>
/// Runs the engine's <see cref="PromptModerator"/> on a prompt before a battle (or a follow-up) starts and
/// logs a refused prompt for the operator. A refused prompt reaches no arena model.
/// </summary>
internal sealed class ArenaModeration(PromptModerator moderator, IArenaIntegrityStore store, IOptions<ArbiterWebOptions> options, TimeProvider time,
    ILogger<ArenaModeration> log)
{
    // The operator needs to see what the rules caught; with conversations not stored, only its hash.
    private const int ExcerptChars = 300;

    /// <summary>Null when the prompt may go to the models; otherwise the rule that refused it.</summary>
    public async Task<string?> RefuseAsync(string prompt, string voter, CancellationToken cancellationToken = default)
    {
        if (!moderator.Rules.IsActive) return null;
        var verdict = await moderator.CheckAsync(prompt, cancellationToken).ConfigureAwait(false);
        if (!verdict.Blocked) return null;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var excerpt = options.Value.StoreConversations
            ? prompt[..Math.Min(prompt.Length, ExcerptChars)]
            : ConversationHash.Of(prompt);
        Log.PromptBlocked(log, verdict.Rule!, id);
        try
        {
            await store.AddBlockedPromptAsync(new BlockedPrompt(id, time.GetUtcNow().ToUnixTimeMilliseconds(), voter, verdict.Rule!, excerpt, prompt.Length),
                cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The prompt stays refused whether or not the log entry was written; the voter is not told about the store.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.BlockedNotLogged(log, ex);
        }

        return verdict.Rule;
    }
}
