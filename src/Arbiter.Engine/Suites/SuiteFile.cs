using Arbiter.Core.Suites;

namespace Arbiter.Engine.Suites;

/// <summary>How much a <see cref="SuiteProblem"/> matters.</summary>
public enum ProblemSeverity
{
    /// <summary>Something could not be loaded (a task, a file); the rest of the file may still load.</summary>
    Error,

    /// <summary>A feature of the foreign format Arbiter does not run (a <c>!function</c> hook, an assert type); the rest loads without it.</summary>
    Unsupported,

    /// <summary>Loaded, but not as the original tool would run it (e.g. a multiple-choice task scored generatively).</summary>
    Warning,
}

/// <summary>A problem found while loading a suite file, with where it is.</summary>
/// <param name="File">The file at fault (an included file, a CSV the config names…).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record SuiteProblem(string File, long Line, long Column, ProblemSeverity Severity, string Message)
{
    /// <summary><c>file:line:column: severity: message</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{File}:{Line}:{Column}: {Severity.ToString().ToLowerInvariant()}: {Message}");
}

/// <summary>
/// A group of suites from one file (an lm-eval group YAML). Arbiter runs and reports the members one by
/// one; the group's score is their item-weighted mean when <see cref="WeightBySize"/>, else their plain mean.
/// </summary>
/// <param name="Id">The group name.</param>
/// <param name="Members">Member suite ids (sub-groups are flattened into their suites).</param>
/// <param name="WeightBySize">lm-eval's <c>aggregate_metric_list: weight_by_size</c>.</param>
public sealed record SuiteGroup(string Id, IReadOnlyList<string> Members, bool WeightBySize);

/// <summary>A model endpoint a foreign config names (a promptfoo <c>openai:chat:MODEL</c> provider), to copy into <c>arbiter.yaml</c>.</summary>
/// <param name="Id">The provider's label or id as written.</param>
/// <param name="Model">The model name.</param>
/// <param name="BaseUrl">The OpenAI-compatible base URL (<c>config.apiBaseUrl</c>), null for the vendor default.</param>
/// <param name="Line">Line of the provider in <see cref="File"/>.</param>
public sealed record ImportedModel(string Id, string Model, string? BaseUrl, string File, long Line);

/// <summary>What one suite file held: its detected format, the suites loaded from it and the problems found.</summary>
/// <param name="Path">The path as given.</param>
/// <param name="Format"><c>native</c>, <c>gsm8k</c>, <c>mmlu</c>, <c>lm-eval</c>, <c>lm-eval-group</c>, <c>promptfoo</c> or <c>promptfoo-csv</c>.</param>
public sealed record SuiteFile(string Path, string Format, IReadOnlyList<Suite> Suites, IReadOnlyList<SuiteProblem> Problems)
{
    /// <summary>Groups of the loaded suites.</summary>
    public IReadOnlyList<SuiteGroup> Groups { get; init; } = [];

    /// <summary>Model endpoints named by the file.</summary>
    public IReadOnlyList<ImportedModel> Models { get; init; } = [];

    /// <summary>True when nothing failed to load.</summary>
    public bool Ok => Problems.All(p => p.Severity != ProblemSeverity.Error);
}
