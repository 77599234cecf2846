using Arbiter.Core.Runs;

namespace Arbiter.Storage.Tests;

/// <summary>Builders for runs and samples with every field set to something recognisable.</summary>
internal static class TestData
{
    public static RunRecord Run(string runId = "run-1", long createdAtMs = 1_700_000_000_000) =>
        new(runId, "hash-" + runId, "arith", "1.2.0", "sim-small", "math", "ru", 50, 2, RunStatus.Running, createdAtMs, null)
        {
            ConfigJson = """{"temperature":0.2,"model":"sim-small"}""",
        };

    public static ModelResponse Ok(string text = "42") =>
        new(text, null, "stop", new TokenUsage(12, 3), 250.5, 40.25, 1, SampleStatus.Ok, ErrorKind.None, null);

    public static ModelResponse Failed(SampleStatus status = SampleStatus.Error, ErrorKind kind = ErrorKind.Transient) =>
        new(null, null, null, new TokenUsage(0, 0), 30_000, null, 4, status, kind, "HTTP 429 after 4 attempts");

    public static SampleRecord Sample(string runId, string itemId, int epoch = 0, ModelResponse? response = null,
        double? score = 1.0, decimal? cost = 0.0001m) =>
        new(runId, itemId, epoch, response ?? Ok(), score is { } v ? new ScoreResult(v, "42", "exact match") : null,
            cost, false, 1_700_000_000_500 + epoch);

    /// <summary>Every field set, with unicode, awkward doubles and a long-scale decimal.</summary>
    public static SampleRecord Rich(string runId) =>
        new(runId, "задача-1", 3,
            new ModelResponse("Ответ: 42 — 答案是四十二 🌍\n\"quoted\" 'single' \\ back", "Сначала подумаем… 先想一想",
                "length", new TokenUsage(1_234_567_890_123, 4_567), 0.1 + 0.2, 1e-300, 3, SampleStatus.Ok, ErrorKind.None, null),
            new ScoreResult(1.0 / 3.0, "四十二", "нашли «42»"), 0.000123456789012345678m, true, 1_700_000_123_456)
        {
            MetadataJson = """{"language":"zh","topic":"算术","domain":"математика"}""",
        };

    /// <summary>Every nullable field null, an error outcome, no score, no cost.</summary>
    public static SampleRecord Sparse(string runId) =>
        new(runId, "item-null", 0, Failed(SampleStatus.BlockedByPolicy, ErrorKind.Permanent) with { Error = null },
            null, null, false, 0);

    /// <summary>Empty strings must stay empty, not become null.</summary>
    public static SampleRecord Empty(string runId) =>
        new(runId, "item-empty", 1,
            new ModelResponse("", "", "", new TokenUsage(0, 0), 0, 0, 0, SampleStatus.ContentFilter, ErrorKind.ContentFilter, ""),
            new ScoreResult(0, "", ""), 0m, false, 1)
        {
            MetadataJson = "",
        };

    public static IReadOnlyList<(SampleRecord Sample, string? CacheKey)> Batch(string runId, int count, int start = 0, int epoch = 0) =>
        [.. Enumerable.Range(start, count).Select(i => (Sample(runId, $"item-{i:D6}", epoch), (string?)$"key-{runId}-{i}-{epoch}"))];
}
