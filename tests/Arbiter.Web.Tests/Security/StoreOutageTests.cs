using System.Net;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Security;

public sealed class StoreOutageTests
{
    [Fact]
    public async Task A_database_that_is_away_gives_503_with_a_message_and_the_security_headers()
    {
        await using var web = await WebHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = web.Web.Url };
        using (var before = await http.GetAsync(new Uri("/runs", UriKind.Relative))) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        // What a broken disk or a replaced file looks like to the driver: the file is no longer a database.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await File.WriteAllBytesAsync(web.Store.FilePath, new byte[8192].Select((_, i) => (byte)(i * 31)).ToArray(), TestContext.Current.CancellationToken);
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(web.Store.FilePath + suffix);

        using var during = await http.GetAsync(new Uri("/runs", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await during.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Contains("database is not reachable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.True(during.Headers.Contains("X-Frame-Options"));
    }
}
