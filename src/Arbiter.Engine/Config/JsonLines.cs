using System.Text.Json;

namespace Arbiter.Engine.Config;

/// <summary>
/// JSON Lines as the project's data files are read: blank lines skipped, every other line one JSON value, and a line
/// that is not JSON a <see cref="ConfigException"/> naming the file, line and column.
/// </summary>
public static class JsonLines
{
    /// <summary>
    /// The rows of <paramref name="reader"/> with their line numbers. Each element is valid only until the next row is
    /// requested (its document is disposed then): read what you need from it in the loop body.
    /// </summary>
    /// <param name="file">Names the file in errors.</param>
    /// <param name="reader">The text.</param>
    /// <param name="what">What a row is, for the error message (e.g. <c>malformed probe row</c>).</param>
    public static IEnumerable<(int Line, JsonElement Row)> Read(string file, TextReader reader, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new ConfigException(file, lineNo, (ex.BytePositionInLine ?? 0) + 1, $"{what}: {ex.Message}");
            }

            using (doc)
            {
                yield return (lineNo, doc.RootElement);
            }
        }
    }
}
