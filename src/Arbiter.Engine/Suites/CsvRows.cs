using Arbiter.Engine.Config;
using CsvHelper;

namespace Arbiter.Engine.Suites;

/// <summary>Data rows of a CSV read after its header, each with the line it starts on (quoted cells may span lines).</summary>
internal static class CsvRows
{
    /// <summary>The rows; one whose column count differs from the header's is an error at its line.</summary>
    public static IEnumerable<(int Line, string[] Row)> Read(CsvReader csv, string file, int columns)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var previousEnd = csv.Parser.RawRow;
        while (csv.Read())
        {
            var row = csv.Parser.Record ?? [];
            var line = previousEnd + 1;
            previousEnd = csv.Parser.RawRow;
            if (row.Length != columns) throw new ConfigException(file, line, 1, $"expected {columns} columns as in the header, found {row.Length}");
            yield return (line, row);
        }
    }
}
