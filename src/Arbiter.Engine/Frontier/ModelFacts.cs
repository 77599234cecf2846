using System.Text.RegularExpressions;

namespace Arbiter.Engine.Frontier;

/// <summary>What is known about a model for grouping: who built it, where, whether its weights are open, and when it came out.</summary>
/// <param name="Model">Model id.</param>
/// <param name="Organization">The organisation that built it, or null.</param>
/// <param name="Country">The organisation's country (e.g. <c>US</c>), or null.</param>
/// <param name="Weights"><c>open</c> or <c>closed</c>, or null.</param>
/// <param name="ReleaseDate">Public release date, or null (such a model cannot be placed on a frontier).</param>
/// <param name="Source">Where the facts came from (<c>file:line</c>, <c>arbiter.yaml</c>, <c>run RUN_ID</c>).</param>
public sealed record ModelFacts(string Model, string? Organization, string? Country, string? Weights, DateOnly? ReleaseDate, string Source)
{
    /// <summary>The model's key under <paramref name="grouping"/>, or null when that fact is unknown.</summary>
    public string? GroupOf(FrontierGrouping grouping) => grouping switch
    {
        FrontierGrouping.Country => Country,
        FrontierGrouping.Organization => Organization,
        _ => Weights,
    };

    /// <summary>Fills this record's unknown fields from <paramref name="other"/> (known values are kept).</summary>
    public ModelFacts FillFrom(ModelFacts other) => this with
    {
        Organization = Organization ?? other.Organization,
        Country = Country ?? other.Country,
        Weights = Weights ?? other.Weights,
        ReleaseDate = ReleaseDate ?? other.ReleaseDate,
    };
}

/// <summary>How models are grouped.</summary>
public enum FrontierGrouping
{
    /// <summary>By the organisation's country.</summary>
    Country,

    /// <summary>By organisation.</summary>
    Organization,

    /// <summary>Open against closed weights.</summary>
    Weights,
}

/// <summary>
/// Reads the free-text <c>origin</c> of an <c>arbiter.yaml</c> model entry, written as
/// <c>CC / Organisation (note)</c>, e.g. <c>CN / Alibaba (open weights)</c> or <c>US / Simulated Labs</c>.
/// </summary>
public static partial class OriginText
{
    /// <summary>Country, organisation and weights found in <paramref name="origin"/>; each null when absent.</summary>
    public static (string? Country, string? Organization, string? Weights) Parse(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin)) return (null, null, null);
        string? weights = OpenWeights().IsMatch(origin) ? "open" : ClosedWeights().IsMatch(origin) ? "closed" : null;
        var plain = Parenthetical().Replace(origin, "");
        plain = OpenWeights().Replace(ClosedWeights().Replace(plain, ""), "").Trim();
        var slash = plain.IndexOf('/', StringComparison.Ordinal);
        var head = (slash < 0 ? plain : plain[..slash]).Trim();
        var tail = slash < 0 ? "" : plain[(slash + 1)..].Trim();
        if (CountryCode().IsMatch(head)) return (head, tail.Length == 0 ? null : tail, weights);
        return (null, plain.Length == 0 ? null : plain, weights);
    }

    [GeneratedRegex(@"\bopen[- ]weights?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenWeights();

    [GeneratedRegex(@"\b(closed[- ]weights?|proprietary)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClosedWeights();

    [GeneratedRegex(@"\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Parenthetical();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryCode();
}
