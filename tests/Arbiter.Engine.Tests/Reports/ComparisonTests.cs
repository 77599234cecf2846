using System.Text.Json;
using Arbiter.Engine.Reports;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Paired;
using static Arbiter.Engine.Tests.Reports.ReportFixture;

namespace Arbiter.Engine.Tests.Reports;

public sealed class ComparisonTests
{
    private static readonly BootstrapOptions Fast = new() { Rounds = 200, Seed = 3 };
    private static readonly SuiteDef Ru = FixtureSuites[0];
    private static readonly SuiteDef Zh = FixtureSuites[1];

    [Fact]
    public void Every_pair_on_a_suite_is_compared_with_the_statistics_library_and_Holm_adjusted()
    {
        var runs = Models.Select(m => Run(m, Ru, seed: 1)).ToList();
        var set = ComparisonBuilder.Build(runs, Fast);
        var g = Assert.Single(set.Groups);
        Assert.Equal(ComparisonScope.Suite, g.Scope);
        Assert.Equal(6, g.Pairs.Count);
        foreach (var p in g.Pairs)
        {
            var a = runs.Single(r => r.Run.ModelId == p.ModelA);
            var b = runs.Single(r => r.Run.ModelId == p.ModelB);
            var direct = PairedComparison.Compare(a.Scored(), b.Scored(), Fast);
            Assert.Equal(direct.MeanDifference, p.Comparison.MeanDifference);
            Assert.Equal(direct.Bootstrap.Interval, p.Comparison.Bootstrap.Interval);
            Assert.Equal(direct.PValue, p.Comparison.PValue);
            Assert.True(p.AdjustedPValue >= p.Comparison.PValue);
            Assert.Equal(Ru.Items, p.Comparison.WinsA + p.Comparison.WinsB + p.Comparison.Ties);
        }
    }

    [Fact]
    public void Runs_over_different_suites_are_refused_with_the_reason()
    {
        var set = ComparisonBuilder.Build([Run(Models[0], Ru, 1), Run(Models[1], Zh, 1)], Fast);
        Assert.False(set.HasPairs);
        Assert.Equal(2, set.Notices.Count);
        Assert.All(set.Notices, n => Assert.Contains("runs over different suites are not paired", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Different_versions_of_a_suite_are_not_paired()
    {
        var a = Run(Models[0], Ru, 1);
        var b = Run(Models[1], Ru, 1);
        b = b with { Run = b.Run with { SuiteVersion = "2.0" } };
        var set = ComparisonBuilder.Build([a, b], Fast);
        Assert.False(set.HasPairs);
        Assert.Contains(set.Notices, n => n.Contains("versions 1.0, 2.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Samples_present_in_only_one_run_are_counted_and_reported()
    {
        var a = Run(Models[0], Ru, 1);
        var b = Run(Models[1], Ru, 1, keep: i => i % 4 != 0);
        var set = ComparisonBuilder.Build([a, b], Fast);
        var pair = Assert.Single(Assert.Single(set.Groups).Pairs);
        Assert.Equal(18, pair.Comparison.PairedCount);
        Assert.Equal(6, pair.Comparison.Alignment.OnlyInA.Count);
        Assert.Contains(set.Notices, n => n.Contains("6 only in sim-atlas", StringComparison.Ordinal));
    }

    [Fact]
    public void Pooled_groups_pair_by_suite_and_item_and_skip_pools_of_one_suite()
    {
        var runs = Models.Take(2).SelectMany(m => new[] { Run(m, Ru, 1), Run(m, Zh, 1) }).ToList();
        var set = ComparisonBuilder.Build(runs, Fast);
        // 2 suites; the banking domain pools both; each language has one suite and "overall" the same
        // two suites as the domain, so both would repeat an earlier group and are skipped.
        Assert.Equal(["Suite", "Suite", "Domain"], set.Groups.Select(g => g.Scope.ToString()));
        Assert.Equal(Ru.Items + Zh.Items, set.Groups[2].Pairs[0].Comparison.PairedCount);
    }

    [Fact]
    public void All_correct_against_all_wrong_is_a_clear_result_and_identical_runs_tie()
    {
        var s = new SuiteDef("x", "d", "en", "x", 30);
        var set = ComparisonBuilder.Build([Constant("a", s, 1), Constant("b", s, 0), Constant("c", s, 1)], Fast);
        var pairs = set.Groups[0].Pairs.ToDictionary(p => p.ModelA + p.ModelB);
        Assert.Equal(-1, pairs["ab"].Comparison.MeanDifference);
        Assert.Equal(30, pairs["ab"].Comparison.WinsA);
        Assert.True(pairs["ab"].AdjustedPValue < 1e-6);
        Assert.Equal(0, pairs["ac"].Comparison.MeanDifference);
        Assert.Equal(1, pairs["ac"].Comparison.PValue);
        Assert.Equal(30, pairs["ac"].Comparison.Ties);
    }

    [Fact]
    public void Compare_json_has_the_documented_shape()
    {
        var set = ComparisonBuilder.Build(Models.Select(m => Run(m, Ru, 1)).ToList(), Fast);
        using var doc = JsonDocument.Parse(CompareJsonWriter.Render(set));
        var root = doc.RootElement;
        Assert.Equal("arbiter.compare/1", root.GetProperty("schema").GetString());
        Assert.Equal(200, root.GetProperty("bootstrap").GetProperty("rounds").GetInt32());
        var pair = root.GetProperty("groups")[0].GetProperty("pairs")[0];
        string[] fields = ["modelA", "modelB", "paired", "onlyInA", "onlyInB", "meanA", "meanB", "difference", "ci", "test", "pValue", "midPValue", "pValueHolm", "bWon", "bLost", "tied", "items"];
        Assert.Equal(fields, pair.EnumerateObject().Select(p => p.Name));
        Assert.Equal("mcnemar-exact", pair.GetProperty("test").GetString());
        var docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "compare-json.md"));
        Assert.All(fields, f => Assert.Contains($"`{f}`", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Large_groups_compare_each_model_with_the_leader_only_when_asked()
    {
        var many = Enumerable.Range(0, 10).Select(i => Run(Models[i % 4] with { Id = $"m{i}", Ability = 0.3 + (i * 0.06) }, Ru, 1)).ToList();
        var g = Assert.Single(ComparisonBuilder.Build(many, Fast, fullMatrixMaxModels: 8).Groups);
        Assert.Equal(9, g.Pairs.Count);
        Assert.All(g.Pairs, p => Assert.Equal(g.Leader, p.ModelA));
        Assert.Equal(45, Assert.Single(ComparisonBuilder.Build(many, Fast).Groups).Pairs.Count);
        Assert.Contains("vs the leader", ComparisonHeadings.Of(g), StringComparison.Ordinal);
    }

    /// <summary>The repository root, found from this source file (the build output may live elsewhere).</summary>
    internal static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        var dir = Path.GetDirectoryName(sourceFile)!;
        while (!File.Exists(Path.Combine(dir, "Arbiter.slnx"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
