namespace Arbiter.Cli.Tests;

/// <summary>
/// Vendor limits through the real executable (GigaChat: temperature must be above 0, per its REST spec
/// for POST /chat/completions; YandexGPT: 0 to 1, per yandex-cloud/docs foundation-models/yandexgpt/api-parameters.md).
/// </summary>
public sealed class CliVendorLimitTests
{
    private const string Vendors = """
          - id: giga
            provider: gigachat
            baseUrl: http://127.0.0.1:9/api/v1
            model: GigaChat
            parameters: { temperature: 0 }
          - id: ya
            provider: yandexgpt
            baseUrl: http://127.0.0.1:9
            model: yandexgpt
            folderId: b1gexample
        """;

    [Fact]
    public async Task A_mapped_temperature_is_a_warning_naming_the_entry_and_a_refused_flag_exits_2_before_any_call()
    {
        await using var ws = await CliWorkspace.CreateAsync(4, modelExtra: Vendors);

        var run = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet", "--model", "sim-cli");
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("warning: model 'giga': parameters.temperature 0 mapped to 0.0005", run.Err, StringComparison.Ordinal);
        var sent = ws.Server.Stats.TotalChatRequests;

        var audit = await CliProcess.RunAsync(ws.Dir, null, "audit", "run", "--models", "ya", "--temperature", "1.5", "--no-judge");
        Assert.Equal(2, audit.Code);
        Assert.Contains("--temperature: model 'ya'", audit.Err, StringComparison.Ordinal);
        Assert.Contains("0 to 1", audit.Err, StringComparison.Ordinal);
        Assert.Equal(sent, ws.Server.Stats.TotalChatRequests);
    }
}
