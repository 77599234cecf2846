namespace Arbiter.Engine.Arena.Integrity;

/// <summary>
/// Per-voter limits and the thresholds of the integrity signals. The limits refuse a vote; the signals
/// only mark it (a fast reader or a popular prompt is not proof of fraud, so an operator decides).
/// </summary>
public sealed record VoteLimits
{
    /// <summary>Votes one voter (cookie) may cast per <see cref="Window"/>.</summary>
    public int PerVoter { get; init; } = 120;

    /// <summary>
    /// Votes one client address may cast per <see cref="Window"/>, whatever cookies it sends: clearing
    /// cookies does not reset it. Higher than <see cref="PerVoter"/> because an office or a mobile
    /// carrier puts many people behind one address.
    /// </summary>
    public int PerClient { get; init; } = 600;

    /// <summary>The sliding window of the limits and of the flood and churn signals.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Skimming speed, characters per second over both answers: a vote sooner than the answers could be
    /// skimmed raises <see cref="IntegritySignals.FastVote"/>. 100 chars/s is about 1,000 words a minute,
    /// well above reading speed, so a human who reads rarely trips it.
    /// </summary>
    public double SkimCharsPerSecond { get; init; } = 100;

    /// <summary>No human votes sooner than this after the answers start, however short they are.</summary>
    public TimeSpan MinimumReadTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The same prompt voted on this many times in <see cref="Window"/> (by anyone) raises <see cref="IntegritySignals.PromptFlood"/>.</summary>
    public int FloodPrompts { get; init; } = 5;

    /// <summary>This many distinct voter cookies from one client in <see cref="Window"/> raises <see cref="IntegritySignals.CookieChurn"/>.</summary>
    public int ChurnVoters { get; init; } = 5;

    /// <summary>
    /// A signed-in voter voting from this many distinct client addresses in <see cref="Window"/> raises
    /// <see cref="IntegritySignals.SharedSignIn"/> (a personal link passed around, or one account driving many machines).
    /// </summary>
    public int SharedSignInClients { get; init; } = 5;

    /// <summary>Problems with the settings, each naming its field (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PerVoter < 1) errors.Add("VotesPerVoterPerHour must be at least 1.");
        if (PerClient < 1) errors.Add("VotesPerClientPerHour must be at least 1.");
        if (Window <= TimeSpan.Zero) errors.Add("Vote window must be positive.");
        if (!(SkimCharsPerSecond > 0)) errors.Add("SkimCharsPerSecond must be positive.");
        if (FloodPrompts < 2 || ChurnVoters < 2 || SharedSignInClients < 2) errors.Add("FloodPrompts, ChurnVoters and SharedSignInClients must be at least 2.");
        return errors;
    }
}

/// <summary>The integrity signals a vote can carry (stored on the battle and in its export as <c>signals</c>).</summary>
public static class IntegritySignals
{
    /// <summary>The vote came sooner than the answers could be skimmed.</summary>
    public const string FastVote = "fast-vote";

    /// <summary>The same prompt was voted on many times within the window (a scripted flood).</summary>
    public const string PromptFlood = "prompt-flood";

    /// <summary>The client address has used many voter cookies within the window (cookies cleared to dodge limits).</summary>
    public const string CookieChurn = "cookie-churn";

    /// <summary>One signed-in voter has voted from many client addresses within the window.</summary>
    public const string SharedSignIn = "shared-sign-in";

    /// <summary>The vote came with another voter's cookie than the battle was started with.</summary>
    public const string VoterMismatch = "voter-mismatch";

    /// <summary>The signals as stored: sorted, distinct, comma-separated; null when none.</summary>
    public static string? Join(IEnumerable<string> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var list = signals.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? null : string.Join(',', list);
    }
}
