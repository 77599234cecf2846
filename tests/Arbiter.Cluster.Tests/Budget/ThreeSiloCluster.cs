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
