using Arbiter.Engine.RecordedLogs.Inspect;
using Arbiter.Engine.RecordedLogs.LmEval;

namespace Arbiter.Engine.RecordedLogs;

/// <summary>Reads any recorded log Arbiter knows, by its file name: <c>.jsonl</c> is lm-eval samples, <c>.eval</c>/<c>.json</c> inspect_ai.</summary>
public static class RecordedLogReader
{
    /// <summary>Reads the log at <paramref name="path"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="model">For lm-eval samples, which do not name the model: the model (null: the folder lm-eval wrote them under).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="LogFormatException">Missing, unknown or malformed file; the message names the file and entry or line.</exception>
    public static Task<RecordedLog> ReadAsync(string path, string? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new LogFormatException(path, null, "no such file");
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? LmEvalSamplesReader.ReadAsync(path, model, cancellationToken)
            : InspectLogReader.ReadAsync(path, cancellationToken);
    }
}
