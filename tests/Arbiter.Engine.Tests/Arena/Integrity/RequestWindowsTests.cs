using Arbiter.Core.Arena;
using Arbiter.Engine.Arena.Integrity;
using Arbiter.Storage.Sqlite;

namespace Arbiter.Engine.Tests.Arena.Integrity;

public sealed class RequestWindowsTests : IAsyncLifetime
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-windows-").FullName;
    private SqliteRunStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteRunStore(Path.Combine(_dir, "arbiter.db"));
        await _store.MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Two_nodes_count_one_clients_requests_together_per_utc_minute_and_a_new_minute_starts_again()
    {
        var clock = new StepClock(DateTimeOffset.Parse("2026-12-07T10:00:50Z", System.Globalization.CultureInfo.InvariantCulture));
        var nodeA = new RequestWindows(_store, Secret, TimeSpan.FromHours(1), clock);
        var nodeB = new RequestWindows(_store, Secret, TimeSpan.FromHours(1), clock);

        Assert.True((await nodeA.TakeAsync("votes", "10.0.0.1", 2, Ct)).Allowed);
        Assert.True((await nodeB.TakeAsync("votes", "10.0.0.1", 2, Ct)).Allowed);
        var third = await nodeA.TakeAsync("votes", "10.0.0.1", 2, Ct);
        Assert.Equal(new RequestAllowance(false, TimeSpan.FromSeconds(10)), third); // until 10:01:00
        Assert.True((await nodeB.TakeAsync("votes", "10.0.0.2", 2, Ct)).Allowed); // another address
        Assert.True((await nodeB.TakeAsync("battles", "10.0.0.1", 2, Ct)).Allowed); // another policy

        clock.Now = clock.Now.AddSeconds(10);
        Assert.True((await nodeB.TakeAsync("votes", "10.0.0.1", 2, Ct)).Allowed);
    }

    [Fact]
    public async Task The_store_keeps_a_keyed_hash_of_the_address_and_nodes_with_another_secret_count_apart()
    {
        var clock = new StepClock(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var shared = new RequestWindows(_store, Secret, TimeSpan.FromHours(1), clock);
        var other = new RequestWindows(_store, [.. Secret.Reverse()], TimeSpan.FromHours(1), clock);
        Assert.True((await shared.TakeAsync("votes", "10.0.0.1", 1, Ct)).Allowed);
        Assert.True((await other.TakeAsync("votes", "10.0.0.1", 1, Ct)).Allowed);
        Assert.False((await shared.TakeAsync("votes", "10.0.0.1", 1, Ct)).Allowed);

        // The bucket names are what the store holds: without the secret they cannot be matched to an address.
        var buckets = new List<string>();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "arbiter.db")}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT bucket FROM request_windows";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) buckets.Add(reader.GetString(0));
        }

        Assert.Equal(2, buckets.Distinct().Count());
        Assert.All(buckets, b => Assert.Matches("^votes:[0-9a-f]{32}$", b));
        Assert.Equal(2, await ((IWebNodeStateStore)_store).PruneWebNodeStateAsync(0, clock.Now.ToUnixTimeMilliseconds() + 1, Ct));
    }

    private sealed class StepClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
