using Arbiter.Core.Suites;

namespace Arbiter.Engine.Sovereignty;

/// <summary>The verdict of the residency policy for one payload and one endpoint.</summary>
/// <param name="Allowed">True when the payload may be sent.</param>
/// <param name="Rule">The rule that decided, in words (recorded on blocked samples and in the audit log).</param>
public sealed record PolicyDecision(bool Allowed, string Rule);

/// <summary>
/// Which jurisdictions data of each confidentiality may be sent to. The safe default keeps
/// confidential data on <c>local</c> endpoints, lets internal data also go to the home
/// jurisdiction, and lets public data go anywhere. Jurisdictions compare case-insensitively;
/// <c>*</c> allows any, <c>home</c> stands for <see cref="Home"/>.
/// </summary>
/// <param name="Home">The home jurisdiction, e.g. <c>RU</c> (null: none, so <c>home</c> matches nothing).</param>
/// <param name="Allowed">Allowed jurisdictions per confidentiality; a missing level allows nothing.</param>
public sealed record ResidencyPolicy(string? Home, IReadOnlyDictionary<Confidentiality, IReadOnlyList<string>> Allowed)
{
    /// <summary>Any jurisdiction.</summary>
    public const string Any = "*";

    /// <summary>Alias for the home jurisdiction.</summary>
    public const string HomeAlias = "home";

    /// <summary>The jurisdiction of endpoints that keep data on this machine or network.</summary>
    public const string Local = "local";

    /// <summary>Confidential → local; internal → local + home; public → any; no home set.</summary>
    public static ResidencyPolicy Default { get; } = WithHome(null);

    /// <summary>The default rules with the given home jurisdiction.</summary>
    public static ResidencyPolicy WithHome(string? home) => new(home, new Dictionary<Confidentiality, IReadOnlyList<string>>
    {
        [Confidentiality.Confidential] = [Local],
        [Confidentiality.Internal] = [Local, HomeAlias],
        [Confidentiality.Public] = [Any],
    });

    /// <summary>Decides whether data of <paramref name="confidentiality"/> may go to an endpoint in <paramref name="jurisdiction"/>.</summary>
    public PolicyDecision Evaluate(Confidentiality confidentiality, string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        var level = Name(confidentiality);
        var allowed = Allowed.TryGetValue(confidentiality, out var list) ? list : [];
        var shown = allowed.Count == 0 ? "nothing" : string.Join(", ", allowed.Select(a => a == HomeAlias && Home is not null ? $"home ({Home})" : a));
        foreach (var entry in allowed)
        {
            if (entry == Any || Same(entry, jurisdiction) || (entry == HomeAlias && Home is not null && Same(Home, jurisdiction)))
            {
                return new PolicyDecision(true, $"policy.allow.{level} [{shown}] permits jurisdiction '{jurisdiction}'");
            }
        }

        return new PolicyDecision(false, $"policy.allow.{level} [{shown}] forbids jurisdiction '{jurisdiction}'");
    }

    /// <summary>
    /// The confidentiality that governs one item: the suite's, raised by the item's
    /// <c>confidentiality</c> metadata. An item can raise but never lower it; an unreadable value
    /// counts as confidential, because guessing low would leak.
    /// </summary>
    public static Confidentiality EffectiveConfidentiality(Suite suite, SuiteItem item)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(item);
        if (!item.Metadata.TryGetValue("confidentiality", out var text)) return suite.Confidentiality;
        var own = TryParse(text) ?? Confidentiality.Confidential;
        return own > suite.Confidentiality ? own : suite.Confidentiality;
    }

    /// <summary>Parses <c>public</c>, <c>internal</c> or <c>confidential</c> (case-insensitive); null otherwise.</summary>
    public static Confidentiality? TryParse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "PUBLIC" => Confidentiality.Public,
        "INTERNAL" => Confidentiality.Internal,
        "CONFIDENTIAL" => Confidentiality.Confidential,
        _ => null,
    };

    /// <summary>The lower-case name used in config, logs and the audit log.</summary>
    public static string Name(Confidentiality confidentiality) => confidentiality switch
    {
        Confidentiality.Public => "public",
        Confidentiality.Internal => "internal",
        _ => "confidential",
    };

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
