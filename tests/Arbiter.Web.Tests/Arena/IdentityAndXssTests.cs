using System.Net;
using System.Net.Http.Json;
using Arbiter.Simulator;
using Arbiter.Web.Arena;
using Arbiter.Web.Leaderboard;
using Arbiter.Web.Rendering;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class IdentityAndXssTests
{
    [Fact]
    public void Markdown_output_keeps_no_script_handler_or_javascript_link()
    {
        var html = new MarkdownRenderer().Render(SimProbes.XssAnswer);
        HtmlSafety.AssertInert(html);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Bold text</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_blocks_and_cyrillic_survive_rendering()
    {
        var html = new MarkdownRenderer().Render("Пример:\n\n```python\nprint('привет')\n```");
        Assert.Contains("<pre><code class=\"language-python\">", html, StringComparison.Ordinal);
        Assert.Contains("привет", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_xss_answer_from_a_model_arrives_sanitised()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        var (_, events) = await client.FightAsync("Please answer " + SimProbes.XssCue);
        var done = events.Where(e => e.Event == "done").Select(e => e.Data.GetProperty("html").GetString()!).ToList();
        Assert.Equal(2, done.Count);
        Assert.All(done, HtmlSafety.AssertInert);
    }

    [Theory]
    [InlineData("I am Atlas, a large model by Simulated Labs.", true)]
    [InlineData("An atlas is a book of maps.", true)]
    [InlineData("Atlassian makes software.", false)]
    [InlineData("A plain answer.", false)]
    public void Identity_leaks_are_whole_word_matches(string answer, bool leaks)
    {
        var spec = new Core.Models.ModelSpec("sim-atlas-large", "openai", "http://x", "sim-atlas-large", null, "US", "US / Simulated Labs", null, null, Core.Models.GenerationParameters.Default);
        Assert.Equal(leaks, IdentityLeak.Reveals(answer, IdentityLeak.TermsFor(spec)));
    }

    [Fact]
    public async Task A_battle_where_a_model_names_itself_is_stored_flagged_and_left_off_the_anonymous_board()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        VoteReceipt? flagged = null;
        for (var i = 0; i < 12 && flagged is null; i++)
        {
            var (ticket, _) = await client.FightAsync($"Who are you? ({i})");
            using var vote = await client.VoteAsync(ticket.Token);
            var receipt = (await vote.Content.ReadFromJsonAsync<VoteReceipt>(ArenaClient.Json))!;
            if (receipt.Flagged) flagged = receipt;
        }

        Assert.NotNull(flagged);
        var boards = (LeaderboardService)web.Web.Services.GetService(typeof(LeaderboardService))!;
        var anonymous = await boards.GetAsync(new LeaderboardQuery());
        var all = await boards.GetAsync(new LeaderboardQuery(IncludeFlagged: true));
        Assert.True(all.Battles > anonymous.Battles);
        await foreach (var b in web.Store.ReadBattlesAsync())
        {
            Assert.True(b.Anonymous);
        }
    }
}
