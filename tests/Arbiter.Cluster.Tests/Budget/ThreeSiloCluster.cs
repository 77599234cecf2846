using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Arbiter.Cluster.Tests.Budget;

/// <summary>Three in-process silos shared by the budget tests (each test uses its own endpoint id, so its own grain).</summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>One grain factory per silo: calls made through it originate on that silo, as a worker's would.</summary>
    public IReadOnlyList<IGrainFactory> SiloFactories { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Cluster = new TestClusterBuilder(3).Build();
        await Cluster.DeployAsync();
        SiloFactories = [.. Cluster.Silos.Cast<InProcessSiloHandle>().Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>())];
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// The budget tests share one cluster and run one class at a time: their timings (a 450 ms lease lifetime renewed every
/// 150 ms) must not compete for the CPU with the hand-off tests' busy callers.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedBudgetSilos : ICollectionFixture<ThreeSiloCluster>
{
    public const string Name = "budget";
}
