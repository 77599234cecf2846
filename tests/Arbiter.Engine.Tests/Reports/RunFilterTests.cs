using Arbiter.Core.Runs;
using Arbiter.Engine.Reports;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Reports;

public sealed class RunFilterTests
{
    [Fact]
    public async Task All_runs_means_benchmark_runs_and_generated_audit_or_judge_runs_come_in_only_when_named()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-runfilter-").FullName;
        await using var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        var runs = new[]
        {
            ("r-bench", "science-en", "science", RunKind.Benchmark), ("r-audit", "audit-builtin-en", "audit", RunKind.AuditProbe),
            ("r-judge", "judge-audit", "audit", RunKind.AuditJudge), ("r-arena", "judge-arena-questions", "general", RunKind.ArenaJudge),
            // Named like generated suites, but the user's own benchmarks: the kind decides, not the name.
            ("r-user-judge", "judge-x", "general", RunKind.Benchmark), ("r-user-audit", "audit-quality", "general", RunKind.Benchmark),
        };
        foreach (var (id, suite, domain, kind) in runs)
        {
            await store.UpsertRunAsync(new RunRecord(id, "spec-" + id, suite, "1", "m", domain, "en", 1, 1, RunStatus.Completed, 1, 2) { ConfigJson = "{}", Kind = kind },
                TestContext.Current.CancellationToken);
        }

        async Task<string[]> Ids(RunFilter f) => [.. (await f.LoadAsync(store, TestContext.Current.CancellationToken)).Select(r => r.Run.RunId).Order(StringComparer.Ordinal)];
        Assert.Equal(["r-bench", "r-user-audit", "r-user-judge"], await Ids(new RunFilter()));
        Assert.Equal(["r-bench", "r-user-audit", "r-user-judge"], await Ids(new RunFilter { RunIds = ["all"] }));
        Assert.Equal(["r-audit"], await Ids(new RunFilter { Suites = ["audit-builtin-en"] }));
        Assert.Equal(["r-audit", "r-judge"], await Ids(new RunFilter { Domains = ["audit"] }));
        Assert.Equal(["r-arena"], await Ids(new RunFilter { RunIds = ["r-arena"] }));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
