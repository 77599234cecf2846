using System.IO.Compression;
using System.Text.Json;

namespace Arbiter.Cli.Tests.RecordedLogs;

public sealed class MeraCliTests
{
    private static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", "Mera", .. parts]);

    [Fact]
    public async Task A_mera_task_runs_as_a_suite_shows_no_accuracy_for_hidden_answers_and_exports_a_submission()
    {
        await using var ws = await CliWorkspace.CreateAsync(4);
        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--suite", Fixture("PARus", "task.json"), "--quiet");
        Assert.True(code == 0, err);

        var (listCode, list, listErr) = await CliProcess.RunAsync(ws.Dir, null, "runs", "list", "--format", "json");
        Assert.True(listCode == 0, listErr);
        using (var runs = JsonDocument.Parse(list))
        {
            var parus = runs.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("suite").GetString() == "mera-PARus");
            Assert.Equal(JsonValueKind.Null, parus.GetProperty("accuracy").ValueKind);
        }

        var zipPath = Path.Combine(ws.Dir, "submission.zip");
        var (exportCode, output, exportErr) = await CliProcess.RunAsync(ws.Dir, null, "mera", "export", "--model", "sim-cli", "--out", zipPath);
        Assert.True(exportCode == 0, exportErr);
        Assert.Contains("PARus.json: 1 answer(s)", output, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal("PARus.json", Assert.Single(zip.Entries).FullName);

        var (noneCode, _, noneErr) = await CliProcess.RunAsync(ws.Dir, null, "mera", "export", "--model", "other", "--out", Path.Combine(ws.Dir, "x.zip"));
        Assert.Equal(2, noneCode);
        Assert.Contains("no MERA runs of model 'other'", noneErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ws.Dir, "x.zip")));
    }
}
