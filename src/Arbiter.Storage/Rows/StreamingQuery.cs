using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Arbiter.Storage.Rows;

/// <summary>
/// The reader loop both stores share: a command on a connection of its own, rows mapped one by one
/// as the caller pulls them, provider exceptions translated (an <c>async</c> iterator cannot
/// <c>yield</c> inside a <c>try</c> with a <c>catch</c>, hence the split try blocks), and the
/// reader, command and connection disposed however the enumeration ends.
/// </summary>
internal static class StreamingQuery
{
    public static async IAsyncEnumerable<T> ReadAsync<T, TException>(
        Func<CancellationToken, Task<DbCommand>> prepare,
        Func<DbDataReader, T> map,
        Func<TException, Exception> fail,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TException : DbException
    {
        DbCommand? command = null;
        DbDataReader? reader = null;
        try
        {
            try
            {
                command = await prepare(cancellationToken);
                reader = await command.ExecuteReaderAsync(cancellationToken);
            }
            catch (TException ex)
            {
                throw fail(ex);
            }

            while (true)
            {
                T item;
                try
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        yield break;
                    }

                    item = map(reader);
                }
                catch (TException ex)
                {
                    throw fail(ex);
                }

                yield return item;
            }
        }
        finally
        {
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }

            var connection = command?.Connection;
            if (command is not null)
            {
                await command.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Opens a connection and builds the command on it, disposing the connection if that fails.</summary>
    public static async Task<DbCommand> PrepareAsync<TConnection>(Func<CancellationToken, Task<TConnection>> open, Action<TConnection, DbCommand> configure, CancellationToken cancellationToken)
        where TConnection : DbConnection
    {
        var connection = await open(cancellationToken);
        try
        {
            var command = connection.CreateCommand();
            configure(connection, command);
            return command;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
