using System.Globalization;
using System.Text;
using System.Text.Json;
using Arbiter.Engine.Audit.Classification;

namespace Arbiter.Engine.Audit.Analysis;

/// <summary>
/// One row of the table SpeechMap publishes: how a model's replies to one question set split into
/// COMPLETE (answer), EVASIVE (deflection, propaganda, partial) and DENIAL (refusal). Errors are counted apart.
/// </summary>
public sealed record SpeechMapRow(string Model, string QuestionSet, string Language, int Count, int Complete, int Evasive, int Denial, int Error)
{
    /// <summary>Complete / (count − errors); NaN when every sample failed.</summary>
    public double CompleteRate => Count - Error == 0 ? double.NaN : (double)Complete / (Count - Error);
}

/// <summary>Expresses audit results in SpeechMap's COMPLETE / EVASIVE / DENIAL terms, per model × question set × language.</summary>
public static class SpeechMapTable
{
    /// <summary>SpeechMap's label for a register.</summary>
    public static string Label(AuditRegister register) => register switch
    {
        AuditRegister.Answer => "COMPLETE",
        AuditRegister.Refusal => "DENIAL",
        AuditRegister.Error => "ERROR",
        _ => "EVASIVE",
    };

    /// <summary>Counts the observations.</summary>
    public static IReadOnlyList<SpeechMapRow> Compute(IEnumerable<AuditObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return [.. observations
            .GroupBy(o => (o.Model, Set: o.ProbeSet ?? "", o.Language))
            .OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Set, StringComparer.Ordinal).ThenBy(g => g.Key.Language, StringComparer.Ordinal)
            .Select(g => new SpeechMapRow(g.Key.Model, g.Key.Set, g.Key.Language, g.Count(),
                g.Count(o => Label(o.Label.Register) == "COMPLETE"), g.Count(o => Label(o.Label.Register) == "EVASIVE"),
                g.Count(o => Label(o.Label.Register) == "DENIAL"), g.Count(o => o.Label.Register == AuditRegister.Error)))];
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The table as JSON: <c>{"speechMap": [{model, questionSet, language, count, complete, evasive, denial,
    /// error, completeRate}]}</c> (completeRate null when every sample failed). One writer for
    /// <c>arbiter audit report --format json</c> and the web's <c>/api/audit</c>.
    /// </summary>
    public static string ToJson(IReadOnlyList<SpeechMapRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return JsonSerializer.Serialize(new
        {
            speechMap = rows.Select(r => new
            {
                r.Model, r.QuestionSet, r.Language, r.Count, r.Complete, r.Evasive, r.Denial, r.Error,
                completeRate = double.IsNaN(r.CompleteRate) ? (double?)null : r.CompleteRate,
            }),
        }, JsonOptions) + "\n";
    }

    /// <summary>The table as CSV (invariant culture, LF).</summary>
    public static string ToCsv(IReadOnlyList<SpeechMapRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("model,question_set,language,count,complete,evasive,denial,error,complete_rate\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Csv(r.Model)},{Csv(r.QuestionSet)},{Csv(r.Language)},{r.Count},{r.Complete},{r.Evasive},{r.Denial},{r.Error},");
            sb.Append(double.IsNaN(r.CompleteRate) ? "" : r.CompleteRate.ToString("0.####", CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Csv(string s) => s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
