using System.Text.Json;

namespace Arbiter.Cli.Tests.Frontier;

public sealed class FrontierRunsTests
{
    [Fact]
    public async Task Stored_runs_join_the_published_scores_with_the_origin_and_release_date_from_arbiter_yaml()
    {
        await using var ws = await CliWorkspace.CreateAsync(12, modelExtra: "    origin: RU / Test lab (open weights)\n    releaseDate: 2025-01-01");
        var run = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");
        Assert.True(run.Code == 0, run.Err);
        var us = Path.Combine(ws.Dir, "us.csv");
        await File.WriteAllTextAsync(us, "model,organization,country,release_date,weights,benchmark,score\nus-x,Lab U,US,2024-06-01,closed,cli-suite,0.01\nus-y,Lab U,US,2025-06-01,closed,cli-suite,1.0\n");

        var (code, stdout, stderr) = await CliProcess.RunAsync(ws.Dir, null, "frontier", "--runs", "--scores", us, "--reference", "US", "--as-of", "2025-10-01", "--format", "json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var row = doc.RootElement[0];
        Assert.Equal(("RU", "cli-suite"), (row.GetProperty("group").GetString(), row.GetProperty("benchmark").GetString()));
        var record = Assert.Single(row.GetProperty("records").EnumerateArray().ToList());
        Assert.Equal(("sim-cli", "2025-01-01"), (record.GetProperty("model").GetString(), record.GetProperty("date").GetString()));
        // Any sim score between 0.01 and 1.0 is first reached by the reference on 2025-06-01 (or was reached by 2024-06-01 when ≤ 0.01).
        Assert.Contains(record.GetProperty("lagDays").GetInt32(), new[] { -151, 214 });

        var byWeights = await CliProcess.RunAsync(ws.Dir, null, "leaderboard", "--runs", "--scores", us, "--by", "weights", "--as-of", "2025-10-01", "--format", "json");
        Assert.True(byWeights.Code == 0, byWeights.Err);
        using var board = JsonDocument.Parse(byWeights.Out);
        var open = board.RootElement.EnumerateArray().Single(r => r.GetProperty("group").GetString() == "open");
        Assert.Equal(("sim-cli", 3), (open.GetProperty("bestModel").GetString(), open.GetProperty("rankedModels").GetInt32()));
    }
}
