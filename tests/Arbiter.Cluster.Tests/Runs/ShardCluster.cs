using System.Globalization;
using Arbiter.Cluster.Hosting;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Simulator;
using Arbiter.Storage;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Arbiter.Cluster.Tests.Runs;

/// <summary>
/// Three in-process silos that run shards against one SQLite file (as workers share one database), a
/// loopback simulator whose counters see every call of every silo, and a store for the coordinator.
/// </summary>
internal sealed class ShardCluster : IAsyncDisposable
{
    private const string DbKey = "ArbiterTestDb";

    private ShardCluster(TestCluster cluster, SimulatedModelServer server, IRunStore store, string dir)
    {
        Cluster = cluster;
        Server = server;
        Store = store;
        Dir = dir;
    }

    public TestCluster Cluster { get; }

    public SimulatedModelServer Server { get; }

    public IRunStore Store { get; }

    public string Dir { get; }

    public static async Task<ShardCluster> StartAsync(Suite suite, double latencyMs)
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-cluster-").FullName;
        var db = Path.Combine(dir, "arbiter.db");
        var store = RunStoreFactory.Open(null, db);
        await store.MigrateAsync();
        var server = await SimulatedModelServer.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-cluster", 0.7, meanLatencyMs: latencyMs)],
            Knowledge = SimKnowledge.FromSuites([suite]),
        });
        var builder = new TestClusterBuilder(3);
        builder.Properties[DbKey] = db;
        builder.AddSiloBuilderConfigurator<ShardSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ShardCluster(cluster, server, store, dir);
    }

    public static Suite MakeSuite(int count) => new("cluster", "1", "science", "en", Confidentiality.Public, ScorerSpec.Auto,
        [.. Enumerable.Range(1, count).Select(i => new SuiteItem(string.Create(CultureInfo.InvariantCulture, $"c-{i:D4}"),
            [new ChatTurn("user", string.Create(CultureInfo.InvariantCulture, $"What is {i} times 3?"))], null,
            (i * 3).ToString(CultureInfo.InvariantCulture), null, new Dictionary<string, string> { ["answerType"] = "numeric" }))]);

    public ModelSpec Model(int concurrency) =>
        new("sim-cluster", "openai", Server.BaseUrl.ToString().TrimEnd('/'), "sim-cluster", null, "local", null, null, null, GenerationParameters.Default)
        {
            MaxConcurrency = concurrency,
            Timeout = TimeSpan.FromSeconds(10),
        };

    public async Task<List<SampleRecord>> SamplesAsync(string runId)
    {
        var list = new List<SampleRecord>();
        await foreach (var s in Store.ReadSamplesAsync(runId)) list.Add(s);
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
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

    private sealed class ShardSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var db = siloBuilder.Configuration[DbKey] ?? throw new InvalidOperationException("No test database configured.");
            // A short budget lease: a killed silo's slots come back within the test.
            siloBuilder.Services.AddShardWorker(_ => RunStoreFactory.Open(null, db), TimeSpan.FromSeconds(3));
        }
    }
}
