namespace Arbiter.Engine.RecordedLogs;

/// <summary>
/// A recorded log (inspect <c>.eval</c>/<c>.json</c>, lm-eval samples) that cannot be read: the message names
/// the file and, where there is one, the entry or line (<c>log.eval: samples/3_epoch_1.json: …</c>), so a user
/// can open the right place. Thrown before anything is written to the store.
/// </summary>
public sealed class LogFormatException : Exception
{
    /// <summary>Creates the error.</summary>
    public LogFormatException(string file, string? entry, string reason, Exception? inner = null)
        : base(entry is null ? $"{file}: {reason}" : $"{file}: {entry}: {reason}", inner)
    {
        File = file;
        Entry = entry;
        Reason = reason;
    }

    /// <summary>The log file.</summary>
    public string File { get; }

    /// <summary>The ZIP entry, JSON path or line at fault (null: the file as a whole).</summary>
    public string? Entry { get; }

    /// <summary>What is wrong, without the file and entry.</summary>
    public string Reason { get; }
}

/// <summary>Reading a log file whole, with an unreadable file reported as a <see cref="LogFormatException"/>.</summary>
internal static class LogFiles
{
    /// <summary>The file's bytes.</summary>
    /// <exception cref="LogFormatException">The file cannot be read.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await System.IO.File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LogFormatException(path, null, $"cannot read the file: {ex.Message}", ex);
        }
    }
}
