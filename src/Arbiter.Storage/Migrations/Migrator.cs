using Arbiter.Core.Storage;
using System.Data.Common;
using System.Globalization;

namespace Arbiter.Storage.Migrations;

/// <summary>One embedded <c>NNNN_name.sql</c> script.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the embedded migrations of one dialect. All pending scripts run in one transaction, so
/// a failure leaves the schema as it was; applied versions are recorded in
/// <c>schema_migrations</c>, which makes the call idempotent and safe at every start.
/// </summary>
internal static class Migrator
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at_ms BIGINT NOT NULL)";

    /// <summary>The dialect's migrations in version order.</summary>
    public static IReadOnlyList<Migration> Load(string dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"migrations/{dialect}/";
        var result = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // RecursiveDir uses the platform separator in the logical name.
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var file = name[prefix.Length..];
            var digits = file.Split('_', 2)[0];
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{name}' does not start with a version number.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            result.Add(new Migration(version, file, reader.ReadToEnd()));
        }

        result.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < result.Count; i++)
        {
            if (result[i].Version == result[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations share version {result[i].Version}.");
            }
        }

        return result;
    }

    /// <summary>
    /// Applies pending migrations; returns how many ran. <paramref name="lockSql"/> runs first inside
    /// the transaction so that two processes starting together do not both apply a script.
    /// <paramref name="target"/> names the database in messages (never with a password).
    /// </summary>
    public static async Task<int> ApplyAsync(DbConnection connection, string dialect, string? lockSql,
        string target, CancellationToken cancellationToken)
    {
        var migrations = Load(dialect);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (lockSql is not null)
        {
            await ExecuteAsync(connection, transaction, lockSql, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, CreateVersionTable, cancellationToken);
        var applied = await ReadVersionsAsync(connection, transaction, cancellationToken);
        var newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (applied.Count > 0 && applied.Max() > newest)
        {
            throw new StoreException(
                $"The schema of database {target} is at version {applied.Max()}, newer than this build knows ({newest}); upgrade Arbiter.");
        }

        var count = 0;
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, applied_at_ms) VALUES (@version, @applied)";
            AddParameter(record, "@version", migration.Version);
            AddParameter(record, "@applied", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    private static async Task<HashSet<int>> ReadVersionsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_migrations";
        var versions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return versions;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
