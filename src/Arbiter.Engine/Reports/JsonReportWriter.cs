using System.Text;
using System.Text.Json;
using Arbiter.Engine.Metrics;
using Arbiter.Statistics.Intervals;
using static Arbiter.Engine.Reports.CompareJsonWriter;

namespace Arbiter.Engine.Reports;

/// <summary>Writes an <see cref="EvaluationReport"/> as JSON (schema <c>arbiter.report/1</c>; comparisons as in <c>arbiter.compare/1</c>).</summary>
public static class JsonReportWriter
{
    /// <summary>The report document.</summary>
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, CompareJsonWriter.Options))
        {
            w.WriteStartObject();
            w.WriteString("schema", "arbiter.report/1");
            w.WriteString("title", report.Options.Title);
            if (report.Options.GeneratedAt is { } at) w.WriteNumber("generatedAtMs", at.ToUnixTimeMilliseconds());
            w.WriteStartArray("models");
            foreach (var m in report.ModelSummaries)
            {
                w.WriteStartObject();
                w.WriteString("model", m.Model);
                w.WriteNumber("runs", m.Runs);
                w.WriteNumber("blockedByPolicy", m.BlockedByPolicy);
                Score(w, m.Score, m.Efficiency.SentSamples);
                Epochs(w, m.Consistency);
                Efficiency(w, m.Efficiency);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("cells");
            foreach (var c in report.Cells)
            {
                w.WriteStartObject();
                w.WriteString("model", c.Model);
                w.WriteString("domain", c.Domain);
                w.WriteString("language", c.Language);
                w.WriteNumber("blockedByPolicy", c.BlockedByPolicy);
                Score(w, c.Score, c.Samples);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("runs");
            foreach (var r in report.Runs)
            {
                w.WriteStartObject();
                w.WriteString("runId", r.RunId);
                w.WriteString("model", r.Model);
                w.WriteString("suite", r.SuiteId);
                w.WriteString("suiteTitle", r.SuiteTitle);
                w.WriteString("domain", r.Domain);
                w.WriteString("language", r.Language);
                w.WriteNumber("blockedByPolicy", r.BlockedByPolicy);
                Score(w, r.Score, r.Efficiency.SentSamples);
                Epochs(w, r.Consistency);
                Efficiency(w, r.Efficiency);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("comparisons");
            WriteBody(w, report.Comparisons);
            w.WriteEndObject();
            ReplayReportSection.Json(w, report.Replays);
            Strings(w, "notices", report.Notices);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Score over items: <c>items</c> is the interval's n, <c>samples</c> the sent samples (items × epochs).</summary>
    private static void Score(Utf8JsonWriter w, ProportionEstimate p, int samples)
    {
        w.WriteNumber("samples", samples);
        w.WriteNumber("items", p.Count);
        Num(w, "correct", p.Successes);
        if (p.IsEmpty)
        {
            w.WriteNull("score");
            w.WriteNull("ciLower");
            w.WriteNull("ciUpper");
            return;
        }

        Num(w, "score", p.Mean);
        Num(w, "ciLower", p.Interval.Lower);
        Num(w, "ciUpper", p.Interval.Upper);
    }

    private static void Epochs(Utf8JsonWriter w, Statistics.Paired.EpochConsistency c)
    {
        w.WriteStartObject("epochs");
        w.WriteNumber("maxPerItem", c.MaxEpochs);
        w.WriteNumber("always", c.Always);
        w.WriteNumber("sometimes", c.Sometimes);
        w.WriteNumber("never", c.Never);
        Num(w, "majorityVoteAccuracy", c.MajorityVoteAccuracy);
        Num(w, "agreement", c.Agreement);
        w.WriteEndObject();
    }

    private static void Efficiency(Utf8JsonWriter w, EfficiencyMetrics e)
    {
        w.WriteStartObject("latencyMs");
        Num(w, "p50", e.LatencyP50Ms);
        Num(w, "p95", e.LatencyP95Ms);
        Num(w, "p99", e.LatencyP99Ms);
        w.WriteEndObject();
        w.WriteStartObject("ttftMs");
        Nullable(w, "p50", e.TtftP50Ms);
        Nullable(w, "p95", e.TtftP95Ms);
        w.WriteEndObject();
        Nullable(w, "outputTokensPerSecond", e.OutputTokensPerSecond);
        if (e.TokensUnknown)
        {
            w.WriteNull("inputTokens");
            w.WriteNull("outputTokens");
        }
        else
        {
            w.WriteNumber("inputTokens", e.InputTokens);
            w.WriteNumber("outputTokens", e.OutputTokens);
        }

        Nullable(w, "tokensPerItem", e.TokensPerItem);
        w.WriteNumber("usageUnknownSamples", e.UsageUnknownSamples);
        Costs(w, "cost", e.Costs);
        Costs(w, "spentCost", e.SpentCosts);
        w.WriteNumber("cacheHits", e.CacheHits);
        w.WriteNumber("unpricedSamples", e.UnpricedSamples);
        Money(w, "costPerItem", e.CostPerItem);
        Money(w, "costPerCorrect", e.CostPerCorrect);
        w.WriteStartObject("outcomes");
        w.WriteNumber("ok", e.Outcomes.Ok);
        w.WriteNumber("contentFilter", e.Outcomes.ContentFilter);
        w.WriteNumber("transientErrors", e.Outcomes.TransientErrors);
        w.WriteNumber("permanentErrors", e.Outcomes.PermanentErrors);
        w.WriteNumber("blockedByPolicy", e.Outcomes.BlockedByPolicy);
        w.WriteEndObject();
    }

    private static void Costs(Utf8JsonWriter w, string name, IReadOnlyList<Money> costs)
    {
        w.WriteStartArray(name);
        foreach (var c in costs)
        {
            w.WriteStartObject();
            w.WriteNumber("amount", c.Amount / 1.000000000000000000000000000m);
            w.WriteString("currency", c.Currency);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Money(Utf8JsonWriter w, string name, Money? m)
    {
        if (m is not { } money)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("amount", Math.Round(money.Amount, 10, MidpointRounding.AwayFromZero));
        w.WriteString("currency", money.Currency);
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) Num(w, name, v);
        else w.WriteNull(name);
    }
}
