using System.Reflection;
using Npgsql;

namespace Arbiter.Cluster.Hosting;

/// <summary>
/// Installs Orleans' ADO.NET clustering tables in the PostgreSQL database once (the scripts are not in
/// the NuGet package; see Sql/README.md). Workers starting together take an advisory lock, so only
/// one of them runs the scripts.
/// </summary>
public static class ClusterSchema
{
    // Any fixed key: it only has to be the same for every worker.
    private const long LockKey = 0x41_52_42_4F_52_4C_4E_53; // "ARBORLNS"

    /// <summary>Creates the clustering schema in the database of <paramref name="connectionString"/> unless it is there.</summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);

        await using (var probe = new NpgsqlCommand("SELECT to_regclass('orleansmembershiptable') IS NOT NULL", connection, tx))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        foreach (var script in new[] { "PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql" })
        {
            await ExecuteAsync(connection, tx, ReadScript(script), cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadScript(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"orleans-sql/{name}")
            ?? throw new InvalidOperationException($"Embedded Orleans schema script '{name}' is missing from Arbiter.Cluster.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
