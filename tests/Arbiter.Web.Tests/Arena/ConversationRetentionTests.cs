using System.Net;
using System.Text;
using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class ConversationRetentionTests
{
    private const string Text = "[{\"role\":\"user\",\"content\":\"old secret\"},{\"role\":\"assistant\",\"content\":\"old answer\"}]";

    [Fact]
    public async Task Text_older_than_the_retention_is_purged_at_start_and_the_votes_stay()
    {
        await using var web = await WebHarness.StartAsync(o => (o.StoreConversations, o.ConversationRetention) = (true, TimeSpan.FromDays(30)));
        var old = DateTimeOffset.UtcNow.AddDays(-31).ToUnixTimeMilliseconds();
        var recent = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
        await web.Store.AddBattlesAsync([
            new ArenaBattle("old", "sim-atlas-large", "sim-volga-pro", "model_a") { TimestampMs = old, ConversationA = Text, ConversationB = Text },
            new ArenaBattle("recent", "sim-atlas-large", "sim-volga-pro", "model_b") { TimestampMs = recent, ConversationA = Text, ConversationB = Text }]);
        await ((IArenaConversationStore)web.Store).AddSharedBattleAsync(new SharedBattle("0000000000000000000000000000000a", "old", "sim-atlas-large", "sim-volga-pro", "model_a", old)
        {
            ConversationA = Text,
            ConversationB = Text,
        });
        var shared = (IWebNodeStateStore)web.Store;
        await shared.SaveBattleStateAsync(new ArenaBattleState("old", "{}", old), TestContext.Current.CancellationToken);
        await shared.SaveBattleStateAsync(new ArenaBattleState("recent", "{}", recent), TestContext.Current.CancellationToken);

        await web.RestartAsync();

        var battles = new Dictionary<string, ArenaBattle>();
        await foreach (var b in web.Store.ReadBattlesAsync()) battles[b.BattleId] = b;
        Assert.Equal(2, battles.Count);
        Assert.Equal(ConversationHash.Of(Text), battles["old"].ConversationA);
        Assert.Equal(Text, battles["recent"].ConversationA);
        shared = (IWebNodeStateStore)web.Store;
        Assert.Null(await shared.FindBattleStateAsync("old", TestContext.Current.CancellationToken)); // sealed, but older than the retention
        Assert.NotNull(await shared.FindBattleStateAsync("recent", TestContext.Current.CancellationToken));
        using var client = web.Client();
        using var page = await client.Http.GetAsync("/arena/shared/0000000000000000000000000000000a");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task A_retention_under_a_minute_is_refused_by_name()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => WebHarness.StartAsync(o => o.ConversationRetention = TimeSpan.FromSeconds(5)));
        Assert.Contains("ConversationRetention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_export_keeps_the_stored_conversation_in_fastchat_shape_in_every_cli_format()
    {
        await using var web = await WebHarness.StartAsync(o => o.StoreConversations = true);
        Environment.SetEnvironmentVariable(web.AdminKeyEnv, "export-admin-key");
        using var client = web.Client();
        var (ticket, _) = await client.FightAsync("Explain compound interest briefly.");
        using (var vote = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "export-admin-key");

        var jsonl = await client.Http.GetStringAsync("/api/admin/battles/export?format=fastchat-jsonl");
        var row = JsonDocument.Parse(jsonl.Trim()).RootElement;
        Assert.Equal("user", row.GetProperty("conversation_a")[0].GetProperty("role").GetString());
        Assert.Equal("Explain compound interest briefly.", row.GetProperty("conversation_a")[0].GetProperty("content").GetString());
        Assert.True(row.TryGetProperty("conv_metadata", out _));
        // What the web exports, the importer reads back whole, and it equals what the CLI's exporter writes from the store.
        var imported = Assert.Single(BattleImporter.Read(Encoding.UTF8.GetBytes(jsonl)).Battles);
        var stored = Assert.Single(await web.Store.ReadBattlesAsync().ToListAsync());
        Assert.Equal((stored.BattleId, stored.ConversationA, stored.StyleA), (imported.BattleId, imported.ConversationA, imported.StyleA));
        using var cli = new MemoryStream();
        await BattleExporter.WriteAsync(web.Store.ReadBattlesAsync(), cli, BattleExportFormat.FastChatJsonl);
        Assert.Equal(Encoding.UTF8.GetString(cli.ToArray()), jsonl);

        var arenaHard = await client.Http.GetStringAsync("/api/admin/battles/export?format=arena-hard");
        Assert.Contains("\"winner\":\"model_a\"", arenaHard, StringComparison.Ordinal);
        Assert.Equal("[]", (await client.Http.GetStringAsync("/api/admin/battles/export?language=xx")).Trim());
        using var bad = await client.Http.GetAsync("/api/admin/battles/export?format=csv");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("format must be one of", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
