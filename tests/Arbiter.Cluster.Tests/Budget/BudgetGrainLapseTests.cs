using Arbiter.Cluster.Budget;
using Orleans.Core.Internal;

namespace Arbiter.Cluster.Tests.Budget;

/// <summary>What the budget grain answers a renewal of leases it no longer had: the holder learns they lapsed.</summary>
[Collection(SharedBudgetSilos.Name)]
public sealed class BudgetGrainLapseTests(ThreeSiloCluster fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_renewal_names_the_leases_the_grain_no_longer_had_after_its_grace_and_counts_them_again()
    {
        var ttl = TimeSpan.FromMilliseconds(1_500);
        var settings = new BudgetSettings(2, 2, ttl);
        var grain = fixture.SiloFactories[1].GetGrain<IEndpointBudgetGrain>("lapse");
        var request = new LeaseRequest("slow-node", settings, TimeSpan.FromSeconds(5));
        var kept = (await grain.AcquireAsync(request))!.Value; // granted once the new activation's grace is over
        var lost = (await grain.AcquireAsync(request))!.Value;

        // The holder's renewals reach the grain for one lease only, until the other has expired there.
        for (var i = 0; i < 7; i++)
        {
            await Task.Delay(ttl / 5, Ct);
            var answer = await grain.RenewAsync(new LeaseRenewal("slow-node", [kept], settings, 0));
            Assert.Empty(answer.Lapsed);
        }

        Assert.Equal(1, (await grain.GetSnapshotAsync()).Leased);
        var late = await grain.RenewAsync(new LeaseRenewal("slow-node", [kept, lost], settings, 0));
        Assert.Equal([lost], late.Lapsed);
        Assert.Equal(2, (await grain.GetSnapshotAsync()).Leased); // counted again: its call may still be running

        // A new activation (its table lost) re-adopts both within its grace without naming them: nothing was granted since.
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(100, Ct);
        var readopted = await grain.RenewAsync(new LeaseRenewal("slow-node", [kept, lost], settings, 0));
        Assert.Empty(readopted.Lapsed);
        Assert.Equal(2, (await grain.GetSnapshotAsync()).Leased);

        // A released lease is neither re-adopted nor named: its holder no longer has it.
        await grain.ReleaseAsync(new LeaseReturn("slow-node", lost, null, 0));
        var afterRelease = await grain.RenewAsync(new LeaseRenewal("slow-node", [kept, lost], settings, 0));
        Assert.Empty(afterRelease.Lapsed);
        Assert.Equal(1, (await grain.GetSnapshotAsync()).Leased);
        await grain.ReleaseAsync(new LeaseReturn("slow-node", kept, null, 0));
    }
}
