using Arbiter.Core.Models;

namespace Arbiter.Engine.Config;

/// <summary>The parsed <c>arbiter.yaml</c>.</summary>
/// <param name="Models">Model endpoints by id, in file order.</param>
/// <param name="Suites">Suite references: a built-in id (<c>builtin:science-en</c> or <c>builtin:*</c>) or a path.</param>
/// <param name="Run">Run defaults.</param>
/// <param name="Source">File the config came from (for messages), or null when built in code.</param>
public sealed record ArbiterConfig(
    IReadOnlyList<ModelSpec> Models,
    IReadOnlyList<string> Suites,
    RunDefaults Run,
    string? Source)
{
    /// <summary>The residency policy (the safe default when the file has no <c>policy:</c> section).</summary>
    public Sovereignty.ResidencyPolicy Policy { get; init; } = Sovereignty.ResidencyPolicy.Default;

    /// <summary>Audit defaults (the <c>audit:</c> section); the command line overrides them.</summary>
    public AuditDefaults Audit { get; init; } = new();

    /// <summary>The arena's prompt moderation (<c>arena.moderation</c>; none by default).</summary>
    public Arena.Moderation.ModerationRules Moderation { get; init; } = Arena.Moderation.ModerationRules.None;

    /// <summary>Terms of use / data notice a voter accepts before the first vote (<c>arena.notice</c>; null: none).</summary>
    public string? ArenaNotice { get; init; }

    /// <summary>
    /// Things the loader changed or doubts, as <c>file:line:column: warning: …</c> (e.g. a vendor
    /// limit a value was mapped to); print them before running.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The model with this id, or null.</summary>
    public ModelSpec? FindModel(string id) => Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));
}

/// <summary>Defaults applied to every run unless a suite or the command line says otherwise.</summary>
/// <param name="Concurrency">Maximum concurrent requests per model (adaptive concurrency ceiling).</param>
/// <param name="MaxRetries">Retries after the first attempt for transient errors.</param>
/// <param name="Timeout">Per-request timeout.</param>
/// <param name="Stream">Use streaming (records time to first token); with <see cref="RunDefaults.StreamFallback"/>, <c>stream: auto</c>.</param>
/// <param name="Epochs">Samples per item unless the suite sets more.</param>
/// <param name="Limit">Use at most this many items per suite (null: all).</param>
/// <param name="Database">SQLite file path (default <c>arbiter.db</c>).</param>
/// <param name="DatabaseUrlEnv">Name of an environment variable holding a PostgreSQL connection string.</param>
public sealed record RunDefaults(
    int Concurrency = 16,
    int MaxRetries = 4,
    TimeSpan? Timeout = null,
    bool Stream = false,
    int? Epochs = null,
    int? Limit = null,
    string Database = "arbiter.db",
    string? DatabaseUrlEnv = null)
{
    /// <summary><c>stream: auto</c>: stream, but ask a model that cannot stream without streaming.</summary>
    public bool StreamFallback { get; init; }

    /// <summary>
    /// <c>run.judge</c>: the model id that grades <c>scorer: rubric</c> suites naming no judge of their own (null: none;
    /// <c>--judge</c> overrides it).
    /// </summary>
    public string? Judge { get; init; }

    /// <summary>Per-request timeout (default two minutes).</summary>
    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromMinutes(2);
}

/// <summary>Defaults for <c>arbiter audit</c>.</summary>
/// <param name="Judge">Model id of the tier-3 judge (null: tiers 1+2 only).</param>
/// <param name="Samples">Samples per probe.</param>
/// <param name="Temperature">Sampling temperature of the probed models.</param>
/// <param name="Probes">Probe sets: <c>builtin</c> or probe files (relative to the config file).</param>
public sealed record AuditDefaults(string? Judge = null, int Samples = Audit.Running.AuditRunner.DefaultSamples, double Temperature = Audit.Running.AuditRunner.DefaultTemperature, IReadOnlyList<string>? Probes = null)
{
    /// <summary>The probe sets, <c>builtin</c> when none are named.</summary>
    public IReadOnlyList<string> Probes { get; init; } = Probes ?? ["builtin"];

    /// <summary>The judge reads replies whose trained-model probability is below this (1: every reply that is not conclusive).</summary>
    public double JudgeBelow { get; init; } = Audit.Classification.AuditLabel.ConfidentAbove;

    /// <summary>The default classifier with this section's judge threshold.</summary>
    public Audit.Classification.RefusalClassifier Classifier => Audit.Classification.RefusalClassifier.Default.WithJudgeBelow(JudgeBelow);
}

/// <summary>A configuration error with its location; the CLI prints it as <c>file:line:column: message</c>.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the error.</summary>
    public ConfigException(string file, long line, long column, string message)
        : base($"{file}:{line}:{column}: {message}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = message;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>1-based line.</summary>
    public long Line { get; }

    /// <summary>1-based column.</summary>
    public long Column { get; }

    /// <summary>The message without location.</summary>
    public string Reason { get; }
}
