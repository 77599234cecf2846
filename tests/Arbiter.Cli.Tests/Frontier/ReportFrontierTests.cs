using System.Text.Json;

namespace Arbiter.Cli.Tests.Frontier;

/// <summary><c>arbiter report --frontier</c>: the frontier section in the HTML report, with the numbers of <c>arbiter frontier</c>.</summary>
public sealed class ReportFrontierTests
{
    private const string WorkedExample = FrontierCommandTests.WorkedExampleCsv;

    [Fact]
    public async Task The_html_report_carries_the_frontier_section_with_the_same_lags_as_arbiter_frontier()
    {
        await using var ws = await CliWorkspace.CreateAsync(8, modelExtra: "    origin: RU / Test lab (open weights)\n    releaseDate: 2025-01-01");
        var run = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");
        Assert.True(run.Code == 0, run.Err);
        var csv = Path.Combine(ws.Dir, "example.csv");
        await File.WriteAllTextAsync(csv, WorkedExample);

        var html = Path.Combine(ws.Dir, "report.html");
        var report = await CliProcess.RunAsync(ws.Dir, null, "report", "--frontier", "US", "--scores", csv, "--as-of", "2025-03-01", "--out", html);
        Assert.True(report.Code == 0, report.Err);
        // The run's suite has no US model: said on stderr and in the report, not dropped silently.
        Assert.Contains("note: RU: 1 benchmark(s) without a US model to compare with were left out", report.Err, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(html);
        Assert.Contains("<h2>Models</h2>", text, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"frontier\">Frontier lag</h2>", text, StringComparison.Ordinal);
        Assert.Contains("<h3>Lag behind US</h3>", text, StringComparison.Ordinal);
        Assert.Contains("this report&#39;s 1 run(s)", text, StringComparison.Ordinal);
        Assert.Contains("<svg", text, StringComparison.Ordinal);

        // The worked example's row: current lag 151 days, median record lag 91.5 — the numbers arbiter frontier prints for the same inputs.
        var json = await CliProcess.RunAsync(ws.Dir, null, "frontier", "--runs", "--scores", csv, "--reference", "US", "--as-of", "2025-03-01", "--format", "json");
        Assert.True(json.Code == 0, json.Err);
        using var doc = JsonDocument.Parse(json.Out);
        var row = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("benchmark").GetString() == "bench");
        Assert.Equal((151, 91.5), (row.GetProperty("currentLagDays").GetInt32(), row.GetProperty("medianRecordLagDays").GetDouble()));
        Assert.Contains("<tr><td class=\"t\">RU</td><td class=\"t\">bench</td><td data-v=\"151\">151</td>", text, StringComparison.Ordinal);
        var lower = row.GetProperty("lower").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"data-v=\"91.5\">91.5</td>", text, StringComparison.Ordinal);
        Assert.Contains($"<td data-v=\"{lower}\">", text, StringComparison.Ordinal);

        // The country view beside the lags: the best RU model (ru-b, 0.65) ranks 2nd of the 5 models on bench.
        Assert.Contains("<h4>Best model per country: its rank among all models</h4>", text, StringComparison.Ordinal);
        Assert.Contains("<td class=\"t\">bench</td><td class=\"t\">RU</td><td class=\"t\">ru-b</td><td data-v=\"0.65\">0.65</td><td data-v=\"2\">2nd of 5</td>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frontier_flags_that_cannot_apply_exit_2_and_say_why()
    {
        await using var ws = await CliWorkspace.CreateAsync(4, modelExtra: "    origin: RU / Test lab\n    releaseDate: 2025-01-01");
        Assert.Equal(0, (await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet")).Code);
        var csv = Path.Combine(ws.Dir, "example.csv");
        await File.WriteAllTextAsync(csv, WorkedExample);

        var noReference = await CliProcess.RunAsync(ws.Dir, null, "report", "--scores", csv, "--out", "r.html");
        Assert.Equal(2, noReference.Code);
        Assert.Contains("add --frontier REFERENCE", noReference.Err, StringComparison.Ordinal);

        var markdown = await CliProcess.RunAsync(ws.Dir, null, "report", "--frontier", "US", "--scores", csv, "--format", "md", "--out", "r.md");
        Assert.Equal(2, markdown.Code);
        Assert.Contains("HTML report only, not --format md", markdown.Err, StringComparison.Ordinal);

        var unknown = await CliProcess.RunAsync(ws.Dir, null, "report", "--frontier", "FR", "--scores", csv, "--out", "r.html");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("--frontier FR: no model in this group; groups present: RU, US", unknown.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ws.Dir, "r.html")));

        var badDate = await CliProcess.RunAsync(ws.Dir, null, "report", "--frontier", "US", "--as-of", "2025-13-01", "--out", "r.html");
        Assert.Equal(2, badDate.Code);
        Assert.Contains("--as-of must be a date YYYY-MM-DD, not '2025-13-01'", badDate.Err, StringComparison.Ordinal);
    }
}
