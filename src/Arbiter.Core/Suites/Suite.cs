namespace Arbiter.Core.Suites;

/// <summary>A chat message: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
public sealed record ChatTurn(string Role, string Content)
{
    /// <summary>On an <c>assistant</c> turn: the tool calls it made (OpenAI's <c>tool_calls</c>); null: none.</summary>
    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }

    /// <summary>On a <c>tool</c> turn: the id of the call whose result <see cref="Content"/> is (OpenAI's <c>tool_call_id</c>).</summary>
    public string? ToolCallId { get; init; }

    /// <summary>True for a turn that carries tool calls or a tool result.</summary>
    public bool IsToolTurn => ToolCalls is { Count: > 0 } || ToolCallId is not null;
}

/// <summary>A function call an assistant turn made.</summary>
/// <param name="Id">The call id a later <c>tool</c> turn answers.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments as compact JSON object text.</param>
public sealed record ToolCall(string Id, string Name, string Arguments);

/// <summary>How a response is scored.</summary>
/// <param name="Kind"><c>auto</c>, <c>exact</c>, <c>normalized</c>, <c>regex</c>, <c>numeric</c>, <c>choice</c>, <c>contains</c>.</param>
/// <param name="Pattern">For <c>regex</c>: the extraction pattern (first group, else whole match).</param>
/// <param name="Tolerance">For <c>numeric</c>: absolute tolerance.</param>
public sealed record ScorerSpec(string Kind = "auto", string? Pattern = null, double Tolerance = 1e-6)
{
    /// <summary>Pick a scorer from the item's shape.</summary>
    public static ScorerSpec Auto { get; } = new();

    /// <summary>
    /// Settings of the scorers that imported suites use (lm-eval <c>exact_match</c>, promptfoo <c>asserts</c>),
    /// as ordered name/value pairs in which a name may repeat; null for the built-in kinds.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Options { get; init; }
}

/// <summary>
/// One test item. <see cref="Input"/> holds the user turn(s); a plain prompt is one user turn.
/// </summary>
/// <param name="Id">Unique within its suite.</param>
/// <param name="Input">The prompt as chat turns (usually one user turn).</param>
/// <param name="Choices">Options for multiple choice, in letter order (A, B, C…).</param>
/// <param name="Target">The gold answer: a letter for multiple choice, a number or text otherwise.</param>
/// <param name="Aliases">Other accepted answers (for <c>contains</c>/exact scoring).</param>
/// <param name="Metadata">Free-form fields: topic, targetCountry, pairedId, control, cluster…</param>
public sealed record SuiteItem(
    string Id,
    IReadOnlyList<ChatTurn> Input,
    IReadOnlyList<string>? Choices,
    string? Target,
    IReadOnlyList<string>? Aliases,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Per-item scorer override (null: the suite's).</summary>
    public ScorerSpec? Scorer { get; init; }

    /// <summary>
    /// The last user turn's text (the question itself for single-turn items; in a conversation that ends with tool
    /// results, the user's request before them).
    /// </summary>
    public string Question => Input.Count == 0 ? "" : (Input.LastOrDefault(t => t.Role == "user") ?? Input[^1]).Content;
}

/// <summary>Whether data may leave the machine, and to where (enforced by the residency policy).</summary>
public enum Confidentiality
{
    /// <summary>May go to any endpoint.</summary>
    Public,
    /// <summary>Local or home-jurisdiction endpoints only.</summary>
    Internal,
    /// <summary>Local endpoints only.</summary>
    Confidential,
}

/// <summary>A benchmark suite: manifest fields plus its items.</summary>
public sealed record Suite(
    string Id,
    string Version,
    string Domain,
    string Language,
    Confidentiality Confidentiality,
    ScorerSpec Scorer,
    IReadOnlyList<SuiteItem> Items)
{
    /// <summary>Optional human title.</summary>
    public string? Title { get; init; }

    /// <summary>System prompt sent before every item.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Template for the user turn; <c>{question}</c> and <c>{choices}</c> are replaced.</summary>
    public string? PromptTemplate { get; init; }

    /// <summary>
    /// Candidate examples sent as prior chat turns (k-shot), in file order. Each item gets
    /// <see cref="FewShotK"/> of them: never itself, and from its own <c>subject</c> first.
    /// </summary>
    public IReadOnlyList<SuiteItem> FewShot { get; init; } = [];

    /// <summary>Examples per item (k); null: as many as <see cref="FewShot"/> holds.</summary>
    public int? FewShotK { get; init; }

    /// <summary>
    /// Stop sequences the suite's task needs (lm-eval's <c>generation_kwargs.until</c>), sent with every request after the
    /// model's own; null: none.
    /// </summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Samples per item.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>
    /// The items carry no answers (a benchmark's hidden test split, e.g. MERA's): answers are collected for a
    /// submission and never scored, so a missing answer key is not reported as 0% accuracy.
    /// </summary>
    public bool SubmitOnly { get; init; }

    /// <summary>Where the suite was loaded from (for messages).</summary>
    public string? Source { get; init; }
}
