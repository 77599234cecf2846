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
    /// <paramref name="sqlitePath"/>. Call <see cref="IRunStore.MigrateAsync"/> next. <paramref name="readOnly"/>
    /// is for commands that only read: a SQLite file must exist and is opened read-only (PostgreSQL is unaffected:
    /// a read there never creates anything, and its migration check is a no-op on a current schema).
    /// </summary>
    public static IArbiterStore Open(string? connectionString, string sqlitePath = DefaultSqlitePath, bool readOnly = false) =>
        IsPostgres(connectionString) ? new PostgresRunStore(connectionString!) : new SqliteRunStore(sqlitePath, readOnly);

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
