using System.Net;
using Arbiter.Core.Runs;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;
using Arbiter.Web.Frontier;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Frontier;

public sealed class FrontierChartsPageTests
{
    private static readonly DateOnly AsOf = new(2025, 10, 15);

    [Fact]
    public async Task The_page_carries_the_engines_charts_unchanged()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var page = await client.Http.GetStringAsync("/frontier?asOf=2025-10-15");
        var options = new FrontierOptions { Reference = "US", AsOf = AsOf };
        var view = new FrontierView(FrontierPages.Table, options, FrontierLagAnalysis.Compute(FrontierPages.Table, options));
        Assert.Contains(FrontierCharts.Figures(view, "frontier"), page, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"lag\"", page, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"gpqa\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=\"", page, StringComparison.Ordinal); // the site's CSP forbids inline styles: charts use SVG attributes
    }

    [Fact]
    public async Task In_the_demo_the_runs_tab_shows_the_simulated_models_labelled_as_such_with_the_cli_numbers()
    {
        await using var web = await WebHarness.StartAsync();
        await StoreRunsAsync(web);
        using var client = web.Client();
        var page = await client.Http.GetStringAsync("/frontier?source=runs&asOf=2025-06-01");
        Assert.Contains("built-in simulated models run by the demo, with made-up countries", page, StringComparison.Ordinal);
        Assert.Contains("Months behind US as of 2025-06-01 (simulated models)", page, StringComparison.Ordinal);
        Assert.Contains("data-group=\"RU\" data-benchmark=\"*\"", page, StringComparison.Ordinal);
        Assert.Contains("class=\"on\">Simulated demo models</a>", page, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"source\" value=\"runs\">", page, StringComparison.Ordinal);

        var table = new ScoreTable();
        FrontierSources.AddRuns(table, await new RunFilter().LoadAsync(web.Store));
        var expected = FrontierWriter.Json(FrontierLagAnalysis.Compute(table, new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 6, 1) }));
        Assert.Equal(expected, await client.Http.GetStringAsync("/api/frontier?source=runs&asOf=2025-06-01"));

        var countries = await client.Http.GetStringAsync("/countries?source=runs");
        Assert.Contains("data-group=\"RU\" data-benchmark=\"quiz\"", countries, StringComparison.Ordinal);
        Assert.Contains("Simulated: these are", countries, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_demo_the_runs_tab_is_not_called_simulated_and_a_bad_source_names_the_field()
    {
        await using var web = await WebHarness.StartAsync(o => o.Simulated = false);
        await StoreRunsAsync(web);
        using var client = web.Client();
        var page = await client.Http.GetStringAsync("/frontier?source=runs&asOf=2025-06-01");
        Assert.Contains("class=\"on\">Runs stored here</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("simulated models", page, StringComparison.OrdinalIgnoreCase);
        using var bad = await client.Http.GetAsync("/frontier?source=rumours");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("source: expected published, runs or arena", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var api = await client.Http.GetAsync("/api/frontier?source=rumours");
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
    }

    // Three models on one suite, with origins and release dates recorded as the runner records them.
    private static async Task StoreRunsAsync(WebHarness web)
    {
        foreach (var (id, model, origin, release, correct) in new[]
        {
            ("r-us", "us-model", "US / Lab A", "2025-01-01", 8),
            ("r-ru", "ru-model", "RU / Lab R", "2025-03-01", 7),
            ("r-cn", "cn-model", "CN / Lab C", "2025-02-01", 9),
        })
        {
            await web.Store.UpsertRunAsync(new RunRecord(id, "spec-" + id, "quiz", "1", model, "science", "en", 10, 1, RunStatus.Completed, 1, 2)
            {
                ConfigJson = "{\"model\":{\"Origin\":\"" + origin + "\",\"ReleaseDate\":\"" + release + "\"}}",
            });
            await web.Store.WriteSamplesAsync([.. Enumerable.Range(0, 10).Select(i => (new SampleRecord(id, $"item-{i}", 0,
                new ModelResponse($"answer {i}", null, "stop", new TokenUsage(10, 5), 12, null, 1, SampleStatus.Ok, ErrorKind.None, null),
                new ScoreResult(i < correct ? 1 : 0, null, "test"), null, false, 3), (string?)null))]);
        }
    }
}
