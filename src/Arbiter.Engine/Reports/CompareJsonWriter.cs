using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Reports;

/// <summary>
/// Writes comparisons as the stable JSON documented in <c>docs/compare-json.md</c> (schema
/// <c>arbiter.compare/1</c>): field names and order never change within a schema version; numbers
/// are rounded to 6 decimals so output is byte-identical across machines and cultures.
/// </summary>
public static class CompareJsonWriter
{
    /// <summary>Schema identifier written in the document.</summary>
    public const string Schema = "arbiter.compare/1";

    internal static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The comparison document.</summary>
    public static string Render(ComparisonSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            WriteBody(w, set);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes <c>confidenceLevel</c>, <c>bootstrap</c>, <c>groups</c> and <c>notices</c> into the current object.</summary>
    internal static void WriteBody(Utf8JsonWriter w, ComparisonSet set)
    {
        w.WriteNumber("confidenceLevel", set.Bootstrap.ConfidenceLevel);
        w.WriteStartObject("bootstrap");
        w.WriteNumber("rounds", set.Bootstrap.Rounds);
        w.WriteNumber("seed", set.Bootstrap.Seed);
        w.WriteEndObject();
        w.WriteStartArray("groups");
        foreach (var g in set.Groups)
        {
            w.WriteStartObject();
            w.WriteString("scope", g.Scope.ToString().ToLowerInvariant());
            w.WriteString("key", g.Key);
            w.WriteString("domain", g.Domain);
            w.WriteString("language", g.Language);
            Strings(w, "suites", g.Suites);
            Strings(w, "models", g.Models);
            w.WriteStartArray("pairs");
            foreach (var p in g.Pairs) Pair(w, p.ModelA, p.ModelB, p.Comparison, p.AdjustedPValue);
            w.WriteEndArray();
            if (g.Leader is null) w.WriteNull("leader");
            else w.WriteString("leader", g.Leader);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Strings(w, "notices", set.Notices);
        w.WriteStartObject("blockedByPolicy");
        foreach (var (model, n) in set.BlockedByPolicy) w.WriteNumber(model, n);
        w.WriteEndObject();
    }

    private static void Pair(Utf8JsonWriter w, string a, string b, PairedComparison c, double holm)
    {
        w.WriteStartObject();
        w.WriteString("modelA", a);
        w.WriteString("modelB", b);
        w.WriteNumber("paired", c.PairedCount);
        w.WriteNumber("onlyInA", c.Alignment.OnlyInA.Count);
        w.WriteNumber("onlyInB", c.Alignment.OnlyInB.Count);
        Num(w, "meanA", c.MeanA);
        Num(w, "meanB", c.MeanB);
        Num(w, "difference", c.MeanDifference);
        w.WriteStartObject("ci");
        Num(w, "lower", c.Bootstrap.Interval.Lower);
        Num(w, "upper", c.Bootstrap.Interval.Upper);
        w.WriteEndObject();
        w.WriteString("test", c.TestKind switch
        {
            PairedTestKind.McNemarExact => "mcnemar-exact",
            PairedTestKind.PairedT => "paired-t",
            _ => "none",
        });
        Num(w, "pValue", c.PValue);
        if (c.McNemar is { } m) Num(w, "midPValue", m.MidPValue);
        else w.WriteNull("midPValue");
        Num(w, "pValueHolm", holm);
        w.WriteNumber("bWon", c.WinsB);
        w.WriteNumber("bLost", c.WinsA);
        w.WriteNumber("tied", c.Ties);
        w.WriteNumber("items", c.ItemCount);
        w.WriteEndObject();
    }

    internal static void Num(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, Math.Round(value, 6, MidpointRounding.AwayFromZero));
        else w.WriteNull(name);
    }

    internal static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
