namespace Arbiter.Engine.Arena.Moderation;

/// <summary>
/// The arena's prompt moderation, from <c>arena.moderation</c> in <c>arbiter.yaml</c>: terms and regular
/// expressions that refuse a prompt before any model sees it, and optionally a moderation model.
/// </summary>
/// <param name="Blocklist">Terms matched case-insensitively as whole words (inside CJK text, where words are not spaced, anywhere).</param>
/// <param name="Patterns">.NET regular expressions matched case-insensitively, each with <see cref="MatchTimeout"/>.</param>
public sealed record ModerationRules(IReadOnlyList<string> Blocklist, IReadOnlyList<string> Patterns)
{
    /// <summary>No moderation.</summary>
    public static ModerationRules None { get; } = new([], []);

    /// <summary>Id of a model (one of the config's) asked to classify each prompt that passed the lists; null: none.</summary>
    public string? Model { get; init; }

    /// <summary>What a failed or unreadable moderation-model answer means: true (the default) refuses the prompt.</summary>
    public bool BlockOnModelFailure { get; init; } = true;

    /// <summary>
    /// Longest a pattern may run on one prompt. A pattern that backtracks badly on a crafted prompt
    /// times out and the prompt is refused (fail closed) rather than holding a request thread.
    /// </summary>
    public TimeSpan MatchTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>True when anything is configured.</summary>
    public bool IsActive => Blocklist.Count > 0 || Patterns.Count > 0 || Model is not null;
}

/// <summary>The moderation's decision.</summary>
/// <param name="Blocked">True: the prompt is refused.</param>
/// <param name="Rule">What refused it (<c>blocklist: term</c>, <c>pattern 2</c>, <c>model: id</c>), for the operator's log; null when allowed.</param>
public sealed record ModerationVerdict(bool Blocked, string? Rule)
{
    /// <summary>Allowed.</summary>
    public static ModerationVerdict Allowed { get; } = new(false, null);

    /// <summary>Refused by <paramref name="rule"/>.</summary>
    public static ModerationVerdict Block(string rule) => new(true, rule);
}

/// <summary>A moderation model: classifies one prompt (a failed call is a verdict, never an exception).</summary>
public interface IModerationModel
{
    /// <summary>The verdict on <paramref name="prompt"/>.</summary>
    Task<ModerationVerdict> ClassifyAsync(string prompt, CancellationToken cancellationToken = default);
}
