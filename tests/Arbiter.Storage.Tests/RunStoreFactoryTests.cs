using Arbiter.Core.Storage;
using Arbiter.Storage.Postgres;
using Arbiter.Storage.Sqlite;

namespace Arbiter.Storage.Tests;

/// <summary>Store selection and connection-string handling; needs no database server.</summary>
public sealed class RunStoreFactoryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Data Source=x.db")]
    public async Task Anything_but_a_postgres_string_opens_sqlite_at_the_path(string? connectionString)
    {
        await using var store = RunStoreFactory.Open(connectionString, "some/dir/runs.db");
        var sqlite = Assert.IsType<SqliteRunStore>(store);
        Assert.Equal(Path.GetFullPath("some/dir/runs.db"), sqlite.FilePath);
    }

    [Theory]
    [InlineData("Host=db.local;Database=arbiter;Username=u;Password=pw", "PostgreSQL 'arbiter' on db.local:5432")]
    [InlineData("host=db.local;Port=6000;Database=x", "PostgreSQL 'x' on db.local:6000")]
    [InlineData("postgres://u:pw@db.local/arbiter", "PostgreSQL 'arbiter' on db.local:5432")]
    [InlineData("postgresql://u:pw@db.local:6543/arb%20iter?sslmode=disable", "PostgreSQL 'arb iter' on db.local:6543")]
    public async Task A_postgres_string_opens_postgres_without_connecting(string connectionString, string described)
    {
        await using var store = RunStoreFactory.Open(connectionString, "unused.db");
        Assert.IsType<PostgresRunStore>(store);
        Assert.Equal(described, store.ToString());
        Assert.DoesNotContain("pw", store.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_is_converted_with_every_part_decoded()
    {
        var builder = PostgresConnectionString.Parse("postgresql://ar%40biter:p%40ss%3Aw%2Frd@[::1]:6543/runs?sslmode=require&application_name=arb");

        Assert.Equal("::1", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("ar@biter", builder.Username);
        Assert.Equal("p@ss:w/rd", builder.Password);
        Assert.Equal("runs", builder.Database);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal("arb", builder.ApplicationName);
    }

    [Theory]
    [InlineData("Host=x;Password=hunter2;Bogus=1")]
    [InlineData("postgres://u:hunter2@x/db?nonsense=1")]
    [InlineData("postgres://u:hunter2@x:notaport/db")]
    public void A_malformed_string_is_rejected_without_echoing_the_password(string connectionString)
    {
        var error = Assert.Throws<StoreException>(() => RunStoreFactory.Open(connectionString, "unused.db"));
        Assert.StartsWith("Invalid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }
}
