using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.RecordedLogs.Inspect;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Pages;

public sealed class ImportedRunsPageTests
{
    [Fact]
    public async Task An_imported_inspect_log_is_listed_and_opened_like_arbiters_own_runs()
    {
        await using var web = await WebHarness.StartAsync();
        var log = await InspectLogReader.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Inspect", "log_streaming.eval"), TestContext.Current.CancellationToken);
        var imported = await RecordedRunImporter.ImportAsync(web.Store, log, new ImportOptions(), cancellationToken: TestContext.Current.CancellationToken);

        using var client = web.Client();
        var list = await client.Http.GetStringAsync("/runs", TestContext.Current.CancellationToken);
        Assert.Contains($"href=\"/runs/{imported.Run.RunId}\"", list, StringComparison.Ordinal);
        Assert.Contains("azureai/Meta-Llama-3-1-405B-Instruct-jqf", list, StringComparison.Ordinal);
        Assert.Contains("75.0%", list, StringComparison.Ordinal);
        var page = await client.Http.GetStringAsync($"/runs/{imported.Run.RunId}", TestContext.Current.CancellationToken);
        Assert.Contains("75.0%", page, StringComparison.Ordinal);
    }
}
