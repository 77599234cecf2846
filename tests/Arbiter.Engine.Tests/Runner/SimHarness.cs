using System.Globalization;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Simulator;
using Arbiter.Storage;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>A simulated server, a temporary SQLite store and a small suite the server knows.</summary>
internal sealed class SimHarness : IAsyncDisposable
{
    private readonly string _dir;
    private readonly ChatClientFactory _clients = new();

    private SimHarness(SimulatedModelServer server, IRunStore store, Suite suite, string dir)
    {
        _dir = dir;
        Server = server;
        Store = store;
        Suite = suite;
    }

    public SimulatedModelServer Server { get; }

    public IRunStore Store { get; }

    public Suite Suite { get; }

    public string DatabasePath => Path.Combine(_dir, "arbiter.db");

    public static async Task<SimHarness> StartAsync(int items = 40, SimModelProfile? profile = null, string? expectedKey = null, SimStreaming streaming = SimStreaming.Supported,
        Suite? suite = null)
    {
        suite ??= MakeSuite(items);
        var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [profile ?? SimModelProfile.Simple("sim-test", 0.7)],
            Knowledge = SimKnowledge.FromSuites([suite]),
            RequireApiKey = expectedKey is not null,
            ExpectedApiKey = expectedKey,
            Streaming = streaming,
        });
        var dir = Directory.CreateTempSubdirectory("arbiter-run-").FullName;
        var store = RunStoreFactory.Open(null, Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync();
        return new SimHarness(server, store, suite, dir);
    }

    public static Suite MakeSuite(int count, string id = "mini")
    {
        var items = Enumerable.Range(1, count).Select(i =>
        {
            var n = i.ToString("D3", CultureInfo.InvariantCulture);
            return i % 4 == 0
                ? new SuiteItem($"{id}-{n}", [new ChatTurn("user", $"What is {i} times 7? (item {n})")], null, (i * 7).ToString(CultureInfo.InvariantCulture), null, new Dictionary<string, string> { ["answerType"] = "numeric" })
                : new SuiteItem($"{id}-{n}", [new ChatTurn("user", $"Which option is number {i % 4}? (item {n})")], ["first", "second", "third", "fourth"], ((char)('A' + (i % 4))).ToString(), null, new Dictionary<string, string>());
        }).ToList();
        return new Suite(id, "1", "science", "en", Confidentiality.Public, ScorerSpec.Auto, items);
    }

    public ModelSpec Model(string name = "sim-test", string? keyEnv = null, TimeSpan? timeout = null, int concurrency = 8) =>
        new(name, "openai", Server.BaseUrl.ToString().TrimEnd('/'), name, keyEnv, "local", null, new Pricing(1m, 2m, "USD"), null, GenerationParameters.Default)
        {
            MaxConcurrency = concurrency,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };

    public async Task<(IReadOnlyList<RunRecord> Runs, RunMonitor Monitor)> RunAsync(ModelSpec model, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var runner = new EvaluationRunner(Store, _clients);
        var monitor = new RunMonitor();
        var opts = options ?? new RunOptions(Retry: FastRetry());
        var runs = await runner.RunAsync([new RunJob(Suite, model)], opts, monitor, cancellationToken);
        return (runs, monitor);
    }

    public static RetryOptions FastRetry(int maxRetries = 4) => new(maxRetries, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));

    public async Task<List<SampleRecord>> SamplesAsync(string runId)
    {
        var list = new List<SampleRecord>();
        await foreach (var s in Store.ReadSamplesAsync(runId)) list.Add(s);
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await Store.DisposeAsync();
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a lingering handle must not fail the test.
        }
    }
}
