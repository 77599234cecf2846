using System.Text.Json;
using Arbiter.Engine.RecordedLogs.Inspect;
using Arbiter.Engine.RecordedLogs.LmEval;
using Arbiter.Engine.RecordedLogs.Promptfoo;

namespace Arbiter.Engine.RecordedLogs;

/// <summary>
/// Reads any recorded log Arbiter knows: <c>.jsonl</c> is lm-eval samples; a ZIP is an inspect_ai <c>.eval</c>; JSON is
/// promptfoo output when it has promptfoo's <c>results.results</c>, else an inspect_ai <c>.json</c> log.
/// </summary>
public static class RecordedLogReader
{
    /// <summary>Reads the log at <paramref name="path"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="model">
    /// lm-eval samples, which do not name the model: the model (null: the folder lm-eval wrote them under). promptfoo output:
    /// the provider to read (null: its only one).
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="LogFormatException">Missing, unknown or malformed file; the message names the file and entry or line.</exception>
    public static async Task<RecordedLog> ReadAsync(string path, string? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new LogFormatException(path, null, "no such file");
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return await LmEvalSamplesReader.ReadAsync(path, model, cancellationToken).ConfigureAwait(false);
        var bytes = await LogFiles.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K') return InspectLogReader.Read(bytes, path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new LogFormatException(path, null, $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}", ex);
        }

        using (doc)
        {
            return PromptfooOutputReader.Recognizes(doc.RootElement) ? PromptfooOutputReader.Read(doc.RootElement, bytes, path, model) : InspectLogReader.Read(bytes, path);
        }
    }
}
