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
        foreach (var (id, suite, domain) in new[] { ("r-bench", "science-en", "science"), ("r-audit", "audit-builtin-en", "audit"), ("r-judge", "judge-audit", "audit"), ("r-arena", "judge-arena-questions", "general") })
        {
            await store.UpsertRunAsync(new RunRecord(id, "spec-" + id, suite, "1", "m", domain, "en", 1, 1, RunStatus.Completed, 1, 2) { ConfigJson = "{}" }, TestContext.Current.CancellationToken);
        }

        async Task<string[]> Ids(RunFilter f) => [.. (await f.LoadAsync(store, TestContext.Current.CancellationToken)).Select(r => r.Run.RunId).Order(StringComparer.Ordinal)];
        Assert.Equal(["r-bench"], await Ids(new RunFilter()));
        Assert.Equal(["r-bench"], await Ids(new RunFilter { RunIds = ["all"] }));
        Assert.Equal(["r-audit"], await Ids(new RunFilter { Suites = ["audit-builtin-en"] }));
        Assert.Equal(["r-audit", "r-judge"], await Ids(new RunFilter { Domains = ["audit"] }));
        Assert.Equal(["r-arena"], await Ids(new RunFilter { RunIds = ["r-arena"] }));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
