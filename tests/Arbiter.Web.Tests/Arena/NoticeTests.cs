using System.Net;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Arena;

public sealed class NoticeTests
{
    private const string Notice = "Prompts and votes are published under CC-BY.";

    [Fact]
    public async Task The_notice_is_shown_until_accepted_and_a_vote_before_accepting_it_is_refused()
    {
        await using var web = await WebHarness.StartAsync();
        web.Notice = Notice;
        await web.RestartAsync();
        using var client = web.Client();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        Assert.Contains(Notice, await client.Http.GetStringAsync("/arena", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var (ticket, _) = await client.FightAsync("What is a bond?");

        using (var refused = await client.VoteAsync(ticket.Token))
        {
            Assert.Equal((HttpStatusCode)428, refused.StatusCode);
            Assert.Contains("примите условия использования", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        using (var accept = await client.PostAsync("/api/arena/notice", new { })) Assert.Equal(HttpStatusCode.NoContent, accept.StatusCode);
        using (var vote = await client.VoteAsync(ticket.Token)) Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.DoesNotContain(Notice, await client.Http.GetStringAsync("/arena", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_notice_must_be_accepted_again()
    {
        await using var web = await WebHarness.StartAsync();
        web.Notice = Notice;
        await web.RestartAsync();
        using var client = web.Client();
        using (var accept = await client.PostAsync("/api/arena/notice", new { })) Assert.Equal(HttpStatusCode.NoContent, accept.StatusCode);

        var accepted = client.Cookies.GetCookies(web.Web.Url);
        Assert.DoesNotContain(Notice, await client.Http.GetStringAsync("/arena", TestContext.Current.CancellationToken), StringComparison.Ordinal);

        web.Notice = Notice + " Votes are kept for two years.";
        await web.RestartAsync();
        // The restarted host listens on a new port: the same browser, its cookies carried over.
        using var again = web.Client();
        again.Cookies.Add(web.Web.Url, accepted);

        Assert.Contains("two years", await again.Http.GetStringAsync("/arena", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
