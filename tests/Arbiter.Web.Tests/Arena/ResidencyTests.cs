using Arbiter.Core.Suites;
using Arbiter.Engine.Sovereignty;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

/// <summary>Arena turns pass the same residency gate as every other outbound call.</summary>
public sealed class ResidencyTests
{
    [Fact]
    public async Task A_policy_that_keeps_public_data_local_blocks_arena_turns_to_foreign_models()
    {
        var localOnly = new ResidencyPolicy(null, new Dictionary<Confidentiality, IReadOnlyList<string>>
        {
            [Confidentiality.Public] = ["local"],
            [Confidentiality.Internal] = ["local"],
            [Confidentiality.Confidential] = ["local"],
        });
        await using var web = await WebHarness.StartAsync(policy: localOnly, jurisdiction: "US");
        using var client = web.Client();
        var (_, events) = await client.FightAsync("Summarise our internal memo.");

        var done = events.Where(e => e.Event == "done").ToList();
        Assert.Equal(2, done.Count);
        Assert.All(done, e => Assert.True(e.Data.GetProperty("error").GetBoolean()));
        Assert.Equal(0, web.Sim.Stats.TotalChatRequests);
    }
}
