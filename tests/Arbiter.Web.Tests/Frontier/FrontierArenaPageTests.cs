using System.Net;
using Arbiter.Core.Arena;
using Arbiter.Core.Models;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Frontier;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Frontier;

public sealed class FrontierArenaPageTests
{
    // The issue's worked example as arena models, weakest first (their ratings order as its scores 0.50 … 0.70).
    private static readonly (string Id, string Origin, DateOnly Release)[] Roster =
    [
        ("us-a", "US / Lab A", new(2024, 1, 1)),
        ("ru-a", "RU / Lab R", new(2024, 7, 1)),
        ("us-b", "US / Lab A", new(2024, 4, 1)),
        ("ru-b", "RU / Lab R", new(2025, 1, 1)),
        ("us-c", "US / Lab B", new(2024, 10, 1)),
    ];

    internal static async Task<IReadOnlyList<ArenaBattle>> StartArenaAsync(WebHarness web)
    {
        var battles = new List<ArenaBattle>();
        for (var i = 0; i < Roster.Length; i++)
        {
            for (var j = i + 1; j < Roster.Length; j++)
            {
                // The stronger (later in the roster) wins three in four.
                for (var k = 0; k < 40; k++) battles.Add(new ArenaBattle($"b{battles.Count}", Roster[i].Id, Roster[j].Id, k % 4 == 0 ? "model_a" : "model_b"));
            }
        }

        await web.Store.AddBattlesAsync(battles);
        var sim = web.Models[0];
        await web.RestartAsync([.. Roster.Select(m => sim with { Id = m.Id, Origin = m.Origin, ReleaseDate = m.Release })]);
        return battles;
    }

    [Fact]
    public async Task The_arena_tab_lags_the_models_by_their_leaderboard_ratings_exactly_as_the_cli_does()
    {
        await using var web = await WebHarness.StartAsync();
        var battles = await StartArenaAsync(web);
        using var client = web.Client();

        using var page = await client.Http.GetAsync("/frontier?source=arena&asOf=2025-03-01");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("class=\"on\">Arena ratings</a>", html, StringComparison.Ordinal);
        Assert.Contains("data-group=\"RU\" data-benchmark=\"arena\"", html, StringComparison.Ordinal);
        Assert.Contains("RU: current lag 151 days", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"source\" value=\"arena\">", html, StringComparison.Ordinal);

        // What `arbiter frontier --battles FILE` computes from the same battles and arbiter.yaml (the web's default board: 50 rounds).
        var table = new ScoreTable();
        FrontierSources.AddConfigModels(table, web.Web.Services.GetService(typeof(Arbiter.Web.Arena.ArenaModels)) is Arbiter.Web.Arena.ArenaModels m ? m.All.Select(x => x.Spec) : [], "the arena roster");
        ArenaFrontier.AddRatings(table, ArenaLeaderboard.Compute(battles, new ArenaLeaderboardOptions { Rounds = 50 }), "this server's arena battles");
        var expected = FrontierWriter.Json(FrontierLagAnalysis.Compute(table, new FrontierOptions { Reference = "US", AsOf = new DateOnly(2025, 3, 1) }));
        Assert.Equal(expected, await client.Http.GetStringAsync("/api/frontier?source=arena&asOf=2025-03-01"));

        var countries = await client.Http.GetStringAsync("/countries?source=arena&asOf=2025-03-01");
        Assert.Contains("data-group=\"RU\" data-benchmark=\"arena\"", countries, StringComparison.Ordinal);
        Assert.Contains("ranks 2 of 5", countries, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_battles_the_arena_tab_says_how_to_get_some()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using var page = await client.Http.GetAsync("/frontier?source=arena");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("No arena battles are stored yet", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
