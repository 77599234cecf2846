using Arbiter.Core.Storage;
using Arbiter.Storage.Postgres;
using Arbiter.Storage.Sqlite;

namespace Arbiter.Storage;

/// <summary>Chooses the store from configuration: PostgreSQL when given its connection string, else SQLite.</summary>
public static class RunStoreFactory
{
    /// <summary>Default SQLite file, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "./arbiter.db";

    /// <summary>
    /// Opens (without connecting or migrating) a PostgreSQL store when <paramref name="connectionString"/>
    /// is <c>Host=…</c> or a <c>postgres://</c>/<c>postgresql://</c> URL; otherwise a SQLite store at
    /// <paramref name="sqlitePath"/>. Call <see cref="IRunStore.MigrateAsync"/> next.
    /// </summary>
    public static IRunStore Open(string? connectionString, string sqlitePath = DefaultSqlitePath) =>
        IsPostgres(connectionString) ? new PostgresRunStore(connectionString!) : new SqliteRunStore(sqlitePath);

    /// <summary>True when the string selects PostgreSQL.</summary>
    public static bool IsPostgres(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        var value = connectionString.TrimStart();
        return value.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || PostgresConnectionString.IsUrl(value);
    }
}
