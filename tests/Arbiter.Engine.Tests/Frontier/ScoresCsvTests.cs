using Arbiter.Engine.Config;
using Arbiter.Engine.Frontier;

namespace Arbiter.Engine.Tests.Frontier;

public sealed class ScoresCsvTests
{
    private const string Header = "model,organization,country,release_date,weights,benchmark,score,source\n";

    [Fact]
    public void Reads_the_documented_columns_and_ignores_extra_ones()
    {
        var table = FrontierLagAnalysisTests.Table("extra,model,organization,country,release_date,weights,benchmark,score\nx,m1,Org,US,2024-01-02,open,b1,0.5\n");
        var score = Assert.Single(table.Scores);
        Assert.Equal(new FrontierScore("m1", "b1", 0.5, "scores.csv:2"), score);
        Assert.Equal(new ModelFacts("m1", "Org", "US", "open", new DateOnly(2024, 1, 2), "scores.csv:2"), table.Facts["m1"]);
    }

    [Fact]
    public void Bad_rows_are_an_error_naming_file_and_line_and_every_one_is_counted()
    {
        var csv = Header + "m1,Org,US,2024-01-02,open,b1,0.5,\nm2,Org,US,2024-01-02,open,b1,abc,\nm3,Org,US,02/01/2024,open,b1,0.4,\nm4,Org,US,2024-01-02,maybe,b1,0.4,\n,Org,US,2024-01-02,open,b1,0.4,\n";
        var ex = Assert.Throws<ConfigException>(() => FrontierLagAnalysisTests.Table(csv, "pub.csv"));
        Assert.Equal(("pub.csv", 3L), (ex.File, ex.Line));
        Assert.Contains("score 'abc' is not a number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 more bad row(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 4: release_date '02/01/2024' is not YYYY-MM-DD", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 5: weights 'maybe' must be open or closed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 6: empty model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whose_facts_differ_between_rows_names_both_lines()
    {
        var csv = Header + "m1,Org,US,2024-01-02,open,b1,0.5,\nm1,Org,US,2024-02-02,open,b2,0.6,\n";
        var ex = Assert.Throws<ConfigException>(() => FrontierLagAnalysisTests.Table(csv, "pub.csv"));
        Assert.Equal(3, ex.Line);
        Assert.Contains("release_date '2024-02-02' here but not at pub.csv:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_column_and_missing_file_are_clear_errors()
    {
        var ex = Assert.Throws<ConfigException>(() => FrontierLagAnalysisTests.Table("model,benchmark,score\nm,b,1\n"));
        Assert.Contains("missing column 'release_date'", ex.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ConfigException>(() => ScoresCsv.ReadInto(new ScoreTable(), "/nonexistent/x.csv"));
        Assert.Contains("/nonexistent/x.csv", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_model_and_benchmark_keeps_the_best_score_whatever_the_order()
    {
        var a = FrontierLagAnalysisTests.Table(Header + "m1,Org,US,2024-01-02,open,b1,0.5,\nm1,Org,US,2024-01-02,open,b1,0.7,\n");
        var b = FrontierLagAnalysisTests.Table(Header + "m1,Org,US,2024-01-02,open,b1,0.7,\nm1,Org,US,2024-01-02,open,b1,0.5,\n");
        Assert.Equal(0.7, Assert.Single(a.Scores).Score);
        Assert.Equal(0.7, Assert.Single(b.Scores).Score);
        Assert.Contains(a.Notes, n => n.Text.StartsWith("1 duplicate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CN / Alibaba (open weights)", "CN", "Alibaba", "open")]
    [InlineData("US / Simulated Labs", "US", "Simulated Labs", null)]
    [InlineData("RU / simulated Russian lab", "RU", "simulated Russian lab", null)]
    [InlineData("open weights (simulated)", null, null, "open")]
    [InlineData("Mistral AI", null, "Mistral AI", null)]
    public void Reads_the_config_origin_text(string origin, string? country, string? org, string? weights)
        => Assert.Equal((country, org, weights), OriginText.Parse(origin));
}
