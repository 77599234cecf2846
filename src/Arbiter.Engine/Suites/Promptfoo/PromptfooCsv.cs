using System.Globalization;
using Arbiter.Engine.Config;
using CsvHelper;
using CsvHelper.Configuration;

namespace Arbiter.Engine.Suites.Promptfoo;

/// <summary>A promptfoo test case: vars, asserts, description and where it was written.</summary>
internal sealed record PromptfooTest(Dictionary<string, object?> Vars, List<PromptfooAssert> Asserts, string? Description, string File, long Line)
{
    /// <summary>CSV <c>__prefix</c>/<c>__suffix</c> (or <c>options.prefix/suffix</c>): added around the rendered prompt.</summary>
    public string Prefix { get; init; } = "";

    public string Suffix { get; init; } = "";
}

/// <summary>
/// promptfoo tests from CSV as <c>testCaseFromCsvRow</c> (src/csv.ts) reads them: a header row; columns
/// <c>__expected</c>, <c>__expected1</c>… hold asserts (see <see cref="PromptfooAsserts.FromCell"/>),
/// <c>__description</c>, <c>__prefix</c>, <c>__suffix</c> their fields, every other column a var.
/// </summary>
internal static class PromptfooCsv
{
    /// <summary>True when the header has an <c>__expected</c> column (a promptfoo test file, not an MMLU CSV).</summary>
    public static bool Looks(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? "";
        return header.Contains("__expected", StringComparison.Ordinal);
    }

    public static List<PromptfooTest> Read(string file, List<SuiteProblem> problems)
    {
        var tests = new List<PromptfooTest>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true, DetectColumnCountChanges = false, BadDataFound = null };
        using var reader = new StreamReader(file);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read()) throw new ConfigException(file, 1, 1, "the CSV is empty");
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        foreach (var (name, col) in header.Select((h, i) => (h, i)))
        {
            string[] special = ["_expected", "_prefix", "_suffix", "_description", "_metric", "_threshold", "_providerOutput"];
            if (!name.StartsWith("__", StringComparison.Ordinal) && special.Any(s => name.StartsWith(s, StringComparison.Ordinal)))
            {
                problems.Add(new SuiteProblem(file, 1, col + 1, ProblemSeverity.Warning, $"column '{name}' has one underscore; promptfoo reads it as a var (did you mean '_{name}'?)"));
            }
            else if (name is "__threshold" or "__metric" or "__providerOutput")
            {
                problems.Add(new SuiteProblem(file, 1, col + 1, ProblemSeverity.Unsupported, $"column '{name}' is ignored: a test passes when all its asserts pass"));
            }
        }

        foreach (var (line, row) in CsvRows.Read(csv, file, header.Length))
        {
            var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
            var asserts = new List<PromptfooAssert>();
            string? description = null;
            string prefix = "", suffix = "";
            for (var i = 0; i < header.Length; i++)
            {
                var (key, value) = (header[i], row[i]);
                if (key.StartsWith("__expected", StringComparison.Ordinal))
                {
                    if (value.Trim().Length > 0) asserts.Add(PromptfooAsserts.FromCell(value, file, line, i + 1));
                }
                else if (key == "__description") description = value;
                else if (key == "__prefix") prefix = value;
                else if (key == "__suffix") suffix = value;
                else if (!key.StartsWith("__", StringComparison.Ordinal)) vars[key] = value;
            }

            tests.Add(new PromptfooTest(vars, asserts, description, file, line) { Prefix = prefix, Suffix = suffix });
        }

        return tests;
    }
}
