using System.Globalization;
using Arbiter.Engine.Metrics;
using Arbiter.Statistics.Intervals;

namespace Arbiter.Engine.Reports;

/// <summary>
/// Culture-invariant number formatting shared by every report format, so a report rendered under
/// ru-RU has the same digits and decimal points as one rendered under en-US.
/// </summary>
public static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A fraction as a percentage with one decimal: 0.8213 → "82.1".</summary>
    public static string Pct(double fraction) => (fraction * 100).ToString("0.0", Inv);

    /// <summary>Score with its interval in percent: "82.1 [75.0, 87.3]", or "–" when there are no samples.</summary>
    public static string ScoreCi(ProportionEstimate p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.IsEmpty ? "–" : $"{Pct(p.Mean)} [{Pct(p.Interval.Lower)}, {Pct(p.Interval.Upper)}]";
    }

    /// <summary>A number with up to <paramref name="decimals"/> decimals.</summary>
    public static string Num(double value, int decimals = 1) =>
        double.IsFinite(value) ? Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', Math.Max(decimals, 1)), Inv) : "–";

    /// <summary>An integer.</summary>
    public static string Count(long value) => value.ToString(Inv);

    /// <summary>A signed difference in percentage points with one decimal: "+3.2", "−1.0".</summary>
    public static string Pp(double difference)
    {
        var s = Math.Abs(difference * 100).ToString("0.0", Inv);
        return s == "0.0" ? "0.0" : (difference > 0 ? "+" : "−") + s;
    }

    /// <summary>A p-value: "&lt;0.001" below a thousandth, else three decimals.</summary>
    public static string P(double p) => p < 0.001 ? "<0.001" : p.ToString("0.000", Inv);

    /// <summary>Milliseconds without decimals, or "–".</summary>
    public static string Ms(double? ms) => ms is { } v && double.IsFinite(v) ? Math.Round(v, MidpointRounding.AwayFromZero).ToString("0", Inv) : "–";

    /// <summary>An amount with four significant digits (at least two decimals) and its currency, or "unknown".</summary>
    public static string Money(Money? money) => money is { } m ? $"{Amount(m.Amount)} {m.Currency}" : "unknown";

    /// <summary>
    /// Costs in several currencies, kept apart: "1.2 CNY + 13.39 RUB"; "unknown" when none; "+ unknown"
    /// when some samples had no price or no usage; with cache hits, what was actually spent follows:
    /// "48 USD (spent 12 USD; 3 from cache)".
    /// </summary>
    public static string Costs(EfficiencyMetrics e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Costs.Count == 0) return "unknown";
        var s = string.Join(" + ", e.Costs.Select(c => Money(c)));
        if (e.UnpricedSamples > 0 || e.UsageUnknownSamples > 0) s += " + unknown";
        if (e.CacheHits == 0) return s;
        var spent = e.Costs.Select(c => Money(e.SpentCosts.FirstOrDefault(x => x.Currency == c.Currency) is { Currency: not null } x ? x : c with { Amount = 0 }));
        return $"{s} (spent {string.Join(" + ", spent)}; {Count(e.CacheHits)} from cache)";
    }

    /// <summary>Consistency across epochs as "always / sometimes / never": "3 / 2 / 1".</summary>
    public static string Consistency(Statistics.Paired.EpochConsistency c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return $"{Count(c.Always)} / {Count(c.Sometimes)} / {Count(c.Never)}";
    }

    /// <summary>"blocked by policy (n)" per model, or null when nothing was blocked.</summary>
    public static string? Blocked(IReadOnlyDictionary<string, int> byModel)
    {
        ArgumentNullException.ThrowIfNull(byModel);
        return byModel.Count == 0 ? null : string.Join("; ", byModel.Select(kv => $"{kv.Key}: blocked by policy ({Count(kv.Value)})"));
    }

    /// <summary>A count of tokens, or "unknown" when no sample reported usage.</summary>
    public static string Tokens(double? value) => value is { } v ? Num(v) : "unknown";

    /// <summary>Decimal amount with four significant digits.</summary>
    public static string Amount(decimal amount)
    {
        if (amount == 0) return "0";
        var magnitude = (int)Math.Floor(Math.Log10((double)Math.Abs(amount)));
        var decimals = Math.Clamp(3 - magnitude, 2, 12);
        return Math.Round(amount, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), Inv);
    }
}
