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
