using System.Globalization;
using Arbiter.Engine.Audit.Validation;
using Arbiter.Engine.Config;
using CsvHelper;
using CsvHelper.Configuration;

namespace Arbiter.Engine.Frontier;

/// <summary>
/// Reads a scores CSV: <c>model,organization,country,release_date,weights,benchmark,score[,source]</c>, one row per
/// model × benchmark; <c>model_id</c> and <c>benchmark_id</c> are accepted for <c>model</c> and <c>benchmark</c> (the
/// LLM Stats export spells them so) and other columns are ignored. Every bad row is an error naming the file and
/// line; a model whose facts differ between rows is an error naming both places.
/// </summary>
public static class ScoresCsv
{
    private const int ShownProblems = 10;

    /// <summary>Reads <paramref name="path"/> into <paramref name="table"/>.</summary>
    /// <exception cref="ConfigException">The file is unreadable or has bad rows (all are counted; the first ten are listed).</exception>
    public static void ReadInto(ScoreTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        TextReader reader;
        try
        {
            reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigException(path, 0, 0, $"cannot read the scores file: {ex.Message}");
        }

        using (reader) Read(table, path, reader);
    }

    /// <summary>Reads CSV text; <paramref name="file"/> names it in messages and sources.</summary>
    public static void Read(ScoreTable table, string file, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, DetectDelimiter = false, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw new ConfigException(file, 1, 1, "empty scores CSV: expected a header row");
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        string Column(params string[] names) => names.FirstOrDefault(n => header.Contains(n, StringComparer.Ordinal))
            ?? throw new ConfigException(file, 1, 1, $"missing column '{names[0]}' (header: {string.Join(",", header)}); expected model,organization,country,release_date,weights,benchmark,score[,source]");
        int Index(params string[] names) => Array.IndexOf(header, Column(names));
        int Optional(string name) => Array.IndexOf(header, name);
        int model = Index("model", "model_id"), benchmark = Index("benchmark", "benchmark_id"), score = Index("score"), release = Index("release_date");
        int org = Optional("organization"), country = Optional("country"), weights = Optional("weights");

        var problems = new List<(long Line, string Message)>();
        var seen = new Dictionary<string, ModelFacts>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = LabelledSet.StartLine(csv);
            string Field(int i) => i < 0 ? "" : (csv.TryGetField<string>(i, out var v) ? v ?? "" : "").Trim();
            var row = ParseRow(file, line, Field(model), Field(benchmark), Field(score), Field(release), Field(org), Field(country), Field(weights), out var error);
            if (row is null)
            {
                problems.Add((line, error!));
                continue;
            }

            var (facts, value) = row.Value;
            if (seen.TryGetValue(facts.Model, out var earlier) || (table.Facts.TryGetValue(facts.Model, out earlier) && earlier.Source.Contains(':', StringComparison.Ordinal)))
            {
                if (Conflict(facts, earlier) is { } what)
                {
                    problems.Add((line, $"model '{facts.Model}' has {what} here but not at {earlier.Source}"));
                    continue;
                }
            }
            else
            {
                seen[facts.Model] = facts;
                table.AddFacts(facts);
            }

            table.AddScore(value);
        }

        if (problems.Count > 0)
        {
            var (first, message) = problems[0];
            var more = problems.Count == 1 ? "" : $" ({problems.Count - 1} more bad row(s): " + string.Join("; ", problems.Skip(1).Take(ShownProblems - 1).Select(p => $"line {p.Line.ToString(CultureInfo.InvariantCulture)}: {p.Message}")) + (problems.Count > ShownProblems ? "; …" : "") + ")";
            throw new ConfigException(file, first, 1, message + more);
        }
    }

    private static (ModelFacts, FrontierScore)? ParseRow(string file, long line, string model, string benchmark, string score, string release, string org, string country, string weights, out string? error)
    {
        error = null;
        if (model.Length == 0) error = "empty model";
        else if (benchmark.Length == 0) error = "empty benchmark";
        else if (!double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !double.IsFinite(s)) error = $"score '{score}' is not a number";
        else if (release.Length > 0 && !DateOnly.TryParseExact(release, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) error = $"release_date '{release}' is not YYYY-MM-DD";
        else if (weights.Length > 0 && !weights.Equals("open", StringComparison.OrdinalIgnoreCase) && !weights.Equals("closed", StringComparison.OrdinalIgnoreCase)) error = $"weights '{weights}' must be open or closed (or empty)";
        if (error is not null) return null;

        var where = $"{file}:{line.ToString(CultureInfo.InvariantCulture)}";
        DateOnly? date = release.Length == 0 ? null : DateOnly.ParseExact(release, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var facts = new ModelFacts(model, Blank(org), Blank(country), weights.Length == 0 ? null : weights.ToLowerInvariant(), date, where);
        return (facts, new FrontierScore(model, benchmark, double.Parse(score, NumberStyles.Float, CultureInfo.InvariantCulture), where));
    }

    private static string? Conflict(ModelFacts a, ModelFacts b) =>
        !Same(a.Organization, b.Organization) ? $"organization '{a.Organization}'"
        : !Same(a.Country, b.Country) ? $"country '{a.Country}'"
        : !Same(a.Weights, b.Weights) ? $"weights '{a.Weights}'"
        : a.ReleaseDate != b.ReleaseDate ? $"release_date '{(a.ReleaseDate is { } d ? FrontierDates.Iso(d) : "")}'"
        : null;

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
