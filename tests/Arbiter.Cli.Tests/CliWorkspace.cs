using System.Globalization;
using System.Text;
using Arbiter.Core.Runs;
using Arbiter.Simulator;
using Arbiter.Storage;

namespace Arbiter.Cli.Tests;

/// <summary>A temp folder with a suite, an arbiter.yaml pointing at an in-process simulated server, and the database.</summary>
internal sealed class CliWorkspace : IAsyncDisposable
{
    private CliWorkspace(string dir, SimulatedModelServer server)
    {
        Dir = dir;
        Server = server;
    }

    public string Dir { get; }

    public SimulatedModelServer Server { get; }

    public string Db => Path.Combine(Dir, "arbiter.db");

    /// <param name="modelExtra">YAML appended to the model list; <c>{baseUrl}</c> in it becomes the simulated server's URL (for a second model entry).</param>
    /// <param name="extraModels">More simulated models the server answers as (e.g. a judge whose calls fail).</param>
    public static async Task<CliWorkspace> CreateAsync(int items, double latencyMs = 0, string? expectedKey = null, string modelExtra = "", int concurrency = 8,
        IReadOnlyList<SimModelProfile>? extraModels = null, int maxRetries = 2)
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-cli-").FullName;
        var suiteDir = Path.Combine(dir, "suite");
        Directory.CreateDirectory(suiteDir);
        await File.WriteAllTextAsync(Path.Combine(suiteDir, "suite.yaml"), "id: cli-suite\nversion: \"1\"\ndomain: science\nlanguage: en\n");
        var lines = new StringBuilder();
        for (var i = 1; i <= items; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $$"""{"id":"q{{i:D4}}","input":"Which option is listed as number {{i % 4 + 1}} for case {{i}}?","choices":["one","two","three","four"],"target":"{{(char)('A' + (i % 4))}}"}""").Append('\n');
        }

        await File.WriteAllTextAsync(Path.Combine(suiteDir, "items.jsonl"), lines.ToString());
        var suite = Engine.Suites.SuiteLoader.Load(suiteDir);
        var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-cli", 0.75, meanLatencyMs: latencyMs), .. extraModels ?? []],
            Knowledge = SimKnowledge.FromSuites([suite]),
            RequireApiKey = expectedKey is not null,
            ExpectedApiKey = expectedKey,
        });
        await File.WriteAllTextAsync(Path.Combine(dir, "arbiter.yaml"), $"""
            run:
              concurrency: {concurrency}
              maxRetries: {maxRetries}
            models:
              - id: sim-cli
                baseUrl: {server.BaseUrl}
                model: sim-cli
                jurisdiction: local
                pricing: {"{"} input: 1, output: 2, currency: USD {"}"}
            {modelExtra.Replace("{baseUrl}", server.BaseUrl.ToString(), StringComparison.Ordinal)}
            suites:
              - ./suite
            """);
        return new CliWorkspace(dir, server);
    }

    public async Task<List<SampleRecord>> SamplesAsync()
    {
        var list = new List<SampleRecord>();
        if (!File.Exists(Db)) return list;
        await using var store = RunStoreFactory.Open(null, Db);
        await store.MigrateAsync();
        await foreach (var run in store.ListRunsAsync())
        {
            await foreach (var s in store.ReadSamplesAsync(run.RunId)) list.Add(s);
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
