using Microsoft.Extensions.Options;
using Arbiter.Engine.Arena;
using Arbiter.Web.Arena;

namespace Arbiter.Web.Hosting;

/// <summary>
/// Settings of the web host, bound from configuration section <c>Web</c> (environment variables
/// <c>ARBITER_WEB__PORT</c>, …) and overridden by command-line flags; validated at start.
/// </summary>
public sealed class ArbiterWebOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Web";

    /// <summary>Address to listen on (default loopback; put a TLS reverse proxy in front for other machines).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Name of the environment variable holding the admin API key. The key itself is never stored or logged.</summary>
    public string AdminKeyEnv { get; set; } = "ARBITER_ADMIN_KEY";

    /// <summary>
    /// Name of an environment variable with a base64 secret (≥ 16 bytes) for battle tokens, voter cookies, anti-forgery
    /// tokens and the keyed hashes of client addresses; every web node on one store needs the same one. Unset: random
    /// per process. A set but malformed value stops the start. The secret itself is never logged or stored.
    /// </summary>
    public string TokenSecretEnv { get; set; } = "ARBITER_TOKEN_SECRET";

    /// <summary>Refuse to start without the secret of <see cref="TokenSecretEnv"/> (set it on nodes behind a load balancer).</summary>
    public bool RequireTokenSecret { get; set; }

    /// <summary>
    /// How often a node asks the store whether the board changed (votes or voids made on other nodes); a vote on this
    /// node refreshes it at once. Zero: on every view.
    /// </summary>
    public TimeSpan LeaderboardRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How battle pairs are drawn.</summary>
    public PairSampling PairSampling { get; set; } = PairSampling.FewBattles;

    /// <summary>Battles a client may start per minute.</summary>
    public int BattlesPerMinute { get; set; } = 30;

    /// <summary>Votes a client may cast per minute.</summary>
    public int VotesPerMinute { get; set; } = 120;

    /// <summary>Votes one voter (cookie) may cast per hour; beyond it the vote is refused (429).</summary>
    public int VotesPerVoterPerHour { get; set; } = new Engine.Arena.Integrity.VoteLimits().PerVoter;

    /// <summary>Votes one client address may cast per hour whatever cookies it sends (higher: offices share an address).</summary>
    public int VotesPerClientPerHour { get; set; } = new Engine.Arena.Integrity.VoteLimits().PerClient;

    /// <summary>The engine's vote limits these settings give.</summary>
    public Engine.Arena.Integrity.VoteLimits VoteLimits => new() { PerVoter = VotesPerVoterPerHour, PerClient = VotesPerClientPerHour, Window = TimeSpan.FromHours(1) };

    /// <summary>All requests a client may make per minute.</summary>
    public int RequestsPerMinute { get; set; } = 1200;

    /// <summary>Longest accepted prompt, in characters.</summary>
    public int MaxPromptChars { get; set; } = 8000;

    /// <summary>Most turns per battle (first prompt plus follow-ups).</summary>
    public int MaxTurns { get; set; } = 5;

    /// <summary>How long an unvoted battle and its token stay valid.</summary>
    public TimeSpan BattleLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Bootstrap rounds of the leaderboard intervals (default: the CLI's, so both show the same numbers).</summary>
    public int BootstrapRounds { get; set; } = new Engine.Arena.ArenaLeaderboardOptions().Rounds;

    /// <summary>Models with fewer battles are marked preliminary on the board (default: the CLI's).</summary>
    public int MinimumBattles { get; set; } = Engine.Arena.ArenaLeaderboardOptions.DefaultMinimumBattles;

    /// <summary>Store conversation text with the vote (default: only hashes, as prompts may be confidential).</summary>
    public bool StoreConversations { get; set; }

    /// <summary>
    /// How long conversation text is kept (stored battle conversations, shared battles, blocked-prompt excerpts); older
    /// text is purged at start and then periodically, the votes themselves stay. Null (the default): kept until deleted.
    /// </summary>
    public TimeSpan? ConversationRetention { get; set; }

    /// <summary>
    /// Reverse proxies (IP addresses or CIDR networks, e.g. <c>10.0.0.5</c>, <c>10.0.0.0/8</c>) whose
    /// <c>X-Forwarded-For</c> is believed: behind a proxy every client would otherwise share the proxy's
    /// rate-limit bucket. Empty (the default): the header is ignored, so a client cannot forge its address.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>
    /// Voter sign-in: <see cref="VoterSignInMode.None"/> (the default: anonymous cookies only), <see cref="VoterSignInMode.Optional"/>
    /// (personal links from the admin page, or <see cref="VoterSignInHeader"/>, sign a voter in; anonymous voting stays open) or
    /// <see cref="VoterSignInMode.Required"/> (no battle or vote without sign-in).
    /// </summary>
    public VoterSignInMode VoterSignIn { get; set; } = VoterSignInMode.None;

    /// <summary>
    /// A request header with the user a reverse proxy has authenticated (e.g. <c>Remote-User</c> from Authelia,
    /// <c>X-Forwarded-User</c> from oauth2-proxy); believed only from <see cref="TrustedProxies"/>, so a client cannot
    /// claim a name. Null (the default): no header is read.
    /// </summary>
    public string? VoterSignInHeader { get; set; }

    /// <summary>Show the "simulated models" banner.</summary>
    public bool Simulated { get; set; }

    /// <summary>Problems with the settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535) errors.Add("Port must be 0–65535.");
        if (!System.Net.IPAddress.TryParse(Host, out _) && Host != "localhost") errors.Add("Host must be an IP address or localhost.");
        if (string.IsNullOrWhiteSpace(AdminKeyEnv)) errors.Add("AdminKeyEnv must name an environment variable.");
        if (BattlesPerMinute < 1 || VotesPerMinute < 1 || RequestsPerMinute < 1) errors.Add("Rate limits must be at least 1 per minute.");
        errors.AddRange(VoteLimits.Validate());
        if (MaxPromptChars < 1 || MaxTurns < 1) errors.Add("MaxPromptChars and MaxTurns must be positive.");
        if (BattleLifetime <= TimeSpan.Zero) errors.Add("BattleLifetime must be positive.");
        if (LeaderboardRefresh < TimeSpan.Zero) errors.Add("LeaderboardRefresh must be zero or more.");
        if (TokenSecret.Problem(this) is { } secret) errors.Add(secret);
        if (BootstrapRounds is < 10 or > 10_000) errors.Add("BootstrapRounds must be 10–10000.");
        if (MinimumBattles < 0) errors.Add("MinimumBattles must be 0 or more.");
        if (ConversationRetention is { } keep && keep < TimeSpan.FromMinutes(1)) errors.Add("ConversationRetention must be at least one minute (or unset: keep).");
        foreach (var proxy in TrustedProxies)
        {
            if (!System.Net.IPAddress.TryParse(proxy, out _) && !System.Net.IPNetwork.TryParse(proxy, out _))
            {
                errors.Add($"TrustedProxies: '{proxy}' is not an IP address or CIDR network.");
            }
        }
        if (!string.IsNullOrEmpty(VoterSignInHeader))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(VoterSignInHeader, "^[A-Za-z0-9-]{1,64}$")) errors.Add("VoterSignInHeader must be a header name (letters, digits, '-').");
            if (VoterSignIn == VoterSignInMode.None) errors.Add("VoterSignInHeader needs VoterSignIn set to optional or required.");
            if (TrustedProxies.Count == 0) errors.Add("VoterSignInHeader needs TrustedProxies: the header is believed only from the proxy that sets it.");
        }

        return errors;
    }
}

/// <summary>Whether arena voters sign in.</summary>
public enum VoterSignInMode
{
    /// <summary>Anonymous voter cookies only (links and the proxy header are not honoured).</summary>
    None,

    /// <summary>Voters may sign in; anonymous voting stays open.</summary>
    Optional,

    /// <summary>Battles and votes need a signed-in voter.</summary>
    Required,
}

/// <summary>Validates <see cref="ArbiterWebOptions"/> with every problem named (not one "invalid settings").</summary>
internal sealed class ArbiterWebOptionsValidator : IValidateOptions<ArbiterWebOptions>
{
    public ValidateOptionsResult Validate(string? name, ArbiterWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
