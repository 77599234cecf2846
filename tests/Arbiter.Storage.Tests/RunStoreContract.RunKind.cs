using Arbiter.Core.Runs;

namespace Arbiter.Storage.Tests;

/// <summary>The run's kind is stored, not guessed from its suite id; old rows get it once, in the migration.</summary>
public abstract partial class RunStoreContract
{
    [Theory]
    [InlineData(RunKind.Benchmark)]
    [InlineData(RunKind.AuditProbe)]
    [InlineData(RunKind.AuditJudge)]
    [InlineData(RunKind.ArenaJudge)]
    [InlineData(RunKind.Submission)]
    [InlineData(RunKind.RubricJudge)]
    public async Task A_run_keeps_its_kind_whatever_its_suite_is_called(RunKind kind)
    {
        await using var store = await OpenMigratedAsync();
        // A user's suite may be named like the ones Arbiter generates; only the stored kind counts.
        var run = TestData.Run() with { SuiteId = "judge-x", Kind = kind };

        Assert.Equal(kind, (await store.UpsertRunAsync(run, Ct)).Kind);
        Assert.Equal(kind, (await store.GetRunAsync(run.RunId, Ct))!.Kind);
        Assert.Equal(kind, Assert.Single(await ToListAsync(store.ListRunsAsync(Ct))).Kind);
    }

    [Fact]
    public async Task A_run_stored_without_a_kind_is_a_benchmark()
    {
        await using var store = await OpenMigratedAsync();
        await store.UpsertRunAsync(TestData.Run(), Ct);

        Assert.Equal(RunKind.Benchmark, (await store.GetRunAsync("run-1", Ct))!.Kind);
    }

    [Fact]
    public async Task Migration_5_classifies_runs_stored_before_it_by_the_old_suite_prefix_rule()
    {
        await using (await OpenMigratedAsync())
        {
        }

        // Back to the schema before migration 5, then rows as an older build wrote them.
        await ExecuteSqlAsync("ALTER TABLE runs DROP COLUMN run_kind; DELETE FROM schema_migrations WHERE version = 5;");
        var rows = new (string Id, string Suite, string Domain)[]
        {
            ("r-bench", "arith", "math"), ("r-probe", "audit-core-ru", "audit"), ("r-ajudge", "judge-audit", "audit"),
            ("r-ajudge-retry", "judge-audit-retry", "audit"), ("r-validate", "judge-audit-validate", "audit"),
            ("r-arena", "judge-mt-bench", "general"), ("r-arena-audit-named", "judge-audit-questions", "general"),
            ("r-upper", "AUDIT-x", "audit"),
        };
        foreach (var (id, suite, domain) in rows)
        {
            await ExecuteSqlAsync("INSERT INTO runs (run_id, spec_hash, suite_id, suite_version, model_id, domain, language, item_count, epochs, status, created_at_ms) " +
                $"VALUES ('{id}', 'h', '{suite}', '1', 'm', '{domain}', 'ru', 1, 1, 'running', 1)");
        }

        await using var store = await OpenMigratedAsync();
        var kinds = (await ToListAsync(store.ListRunsAsync(Ct))).ToDictionary(r => r.RunId, r => r.Kind);

        Assert.Equal(RunKind.Benchmark, kinds["r-bench"]);
        Assert.Equal(RunKind.AuditProbe, kinds["r-probe"]);
        Assert.Equal(RunKind.AuditJudge, kinds["r-ajudge"]);
        Assert.Equal(RunKind.AuditJudge, kinds["r-ajudge-retry"]);
        Assert.Equal(RunKind.AuditJudge, kinds["r-validate"]);
        Assert.Equal(RunKind.ArenaJudge, kinds["r-arena"]);
        Assert.Equal(RunKind.ArenaJudge, kinds["r-arena-audit-named"]);
        // The old rule compared ordinally: an upper-case prefix was never generated.
        Assert.Equal(RunKind.Benchmark, kinds["r-upper"]);
    }
}
