using System.Net;
using Arbiter.Engine.Frontier;
using Arbiter.Web.Frontier;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Frontier;

public sealed class FrontierPagesTests
{
    [Theory]
    [InlineData("en", "Frontier lag", "Countries and organisations")]
    [InlineData("ru", "Отставание от фронтира", "Страны и организации")]
    public async Task Both_pages_answer_in_the_chosen_language_with_the_source_and_licence(string lang, string frontierTitle, string countriesTitle)
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using (await client.Http.GetAsync($"/lang/{lang}?return=/")) { }

        using var frontier = await client.Http.GetAsync("/frontier?asOf=2025-10-15");
        var page = await frontier.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, frontier.StatusCode);
        Assert.Contains(frontierTitle, page, StringComparison.Ordinal);
        Assert.Contains("LLM Stats, llm-stats.com", page, StringComparison.Ordinal);
        Assert.Contains("CC-BY-4.0", page, StringComparison.Ordinal);
        Assert.Contains("data-group=\"CN\" data-benchmark=\"*\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-group=\"US\"", page, StringComparison.Ordinal); // the reference is not lagged against itself

        using var countries = await client.Http.GetAsync("/countries?asOf=2025-10-15");
        var view = await countries.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, countries.StatusCode);
        Assert.Contains(countriesTitle, view, StringComparison.Ordinal);
        Assert.Contains("CC-BY-4.0", view, StringComparison.Ordinal);
        var best = GroupRanking.Compute(FrontierPages.Table, FrontierGrouping.Country, new DateOnly(2025, 10, 15), [])[0];
        Assert.Contains($"data-group=\"{best.Group}\" data-benchmark=\"{best.Benchmark}\"", view, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(best.BestModel), view, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ru", "Отставание от US в месяцах на 2025-10-15", "дата выпуска", "текущее отставание", "обрезается до [0, 1]")]
    [InlineData("zh", "截至 2025-10-15 落后 US 的月数", "发布日期", "当前滞后", "截断到 [0, 1]")]
    public async Task The_charts_speak_the_ui_language_and_the_group_intervals_stay_in_range(string lang, string title, string axis, string legend, string ciNote)
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using (await client.Http.GetAsync($"/lang/{lang}?return=/")) { }

        var page = await client.Http.GetStringAsync("/frontier?asOf=2025-10-15");
        var charts = page[page.IndexOf("<div class=\"frontier-charts\"", StringComparison.Ordinal)..page.IndexOf("<table", StringComparison.Ordinal)];
        Assert.Contains(title, charts, StringComparison.Ordinal);
        Assert.Contains(">" + axis + "<", charts, StringComparison.Ordinal);
        Assert.Contains(legend, charts, StringComparison.Ordinal);
        foreach (var english in new[] { "Months behind", "release date", "current lag", "median record lag", "a new record", "(reference)", "each dot is a model" })
        {
            Assert.DoesNotContain(english, charts, StringComparison.Ordinal);
        }

        // The engine's chart with the page's strings: only the words differ from the report's.
        var options = new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 10, 15) };
        var view = new FrontierView(FrontierPages.Table, options, FrontierLagAnalysis.Compute(FrontierPages.Table, options))
        {
            Text = FrontierChartStrings.For(Arbiter.Web.Localization.UiText.For(lang)),
        };
        Assert.Contains(FrontierCharts.Figures(view, "frontier"), page, StringComparison.Ordinal);

        var countries = await client.Http.GetStringAsync("/countries?asOf=2025-10-15");
        Assert.Contains(ciNote, countries, StringComparison.Ordinal);
        var rows = GroupRanking.Compute(FrontierPages.Table, FrontierGrouping.Country, new DateOnly(2025, 10, 15), []);
        Assert.Contains(rows, r => r.Models >= 2 && r.Lower == 0); // a wide interval that the clamp holds at 0
        Assert.All(rows.Where(r => r.Benchmark != "cfeval"), r => Assert.True(r.Lower >= 0 && r.Upper <= 1, $"{r.Group} {r.Benchmark}: [{r.Lower}, {r.Upper}]"));
    }

    [Theory]
    [InlineData("", "country", "US", new string[0])]
    [InlineData("?group=weights&reference=closed&benchmark=gpqa&benchmark=mmlu-pro&asOf=2025-06-01", "weights", "closed", new[] { "gpqa", "mmlu-pro" })]
    [InlineData("?group=organization&reference=Google&asOf=2025-10-15", "organization", "Google", new string[0])]
    public async Task The_api_is_exactly_the_cli_json_for_the_same_query(string query, string group, string reference, string[] benchmarks)
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var asOf = query.Contains("asOf=", StringComparison.Ordinal)
            ? DateOnly.Parse(query[(query.IndexOf("asOf=", StringComparison.Ordinal) + 5)..], System.Globalization.CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(DateTime.UtcNow);
        var table = ShippedScores.Load(); // a fresh read, as `arbiter frontier --scores data/frontier/llm_stats_scores.csv` does
        var expected = FrontierWriter.Json(FrontierLagAnalysis.Compute(table, new FrontierOptions
        {
            Grouping = group switch { "weights" => FrontierGrouping.Weights, "organization" => FrontierGrouping.Organization, _ => FrontierGrouping.Country },
            Reference = reference,
            Benchmarks = benchmarks,
            AsOf = asOf,
            Bootstrap = new Arbiter.Statistics.Bootstrap.BootstrapOptions { Rounds = 1000, Seed = 42 },
        }));

        using var response = await client.Http.GetAsync("/api/frontier" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Contains("\"benchmark\": \"*\"", expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_queries_name_the_field_instead_of_failing()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using var group = await client.Http.GetAsync("/api/frontier?group=planet");
        Assert.Equal(HttpStatusCode.BadRequest, group.StatusCode);
        Assert.Contains("group:", await group.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var date = await client.Http.GetAsync("/frontier?asOf=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, date.StatusCode);
        Assert.Contains("asOf: expected a date", await date.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var reference = await client.Http.GetAsync("/frontier?reference=Atlantis");
        Assert.Equal(HttpStatusCode.BadRequest, reference.StatusCode);
        Assert.Contains("no model in this group", await reference.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var bench = await client.Http.GetAsync("/countries?benchmark=no-such-bench");
        Assert.Equal(HttpStatusCode.BadRequest, bench.StatusCode);
    }
}
