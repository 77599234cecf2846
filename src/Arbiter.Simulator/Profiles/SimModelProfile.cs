namespace Arbiter.Simulator;

/// <summary>
/// The character of one simulated model: how often it is right, how fast it talks, what it refuses,
/// and which faults its endpoint injects. Every behaviour is drawn deterministically from hashes,
/// so the same request always gets the same reply.
/// </summary>
/// <param name="Name">The model id clients send (<c>model</c> field), e.g. <c>sim-atlas-large</c>.</param>
/// <param name="DisplayLabel">Human label; always says that the model is simulated.</param>
/// <param name="BaseAbility">Probability of a correct answer before domain/language multipliers (0–1).</param>
/// <param name="DomainAbility">
/// Multipliers on <see cref="BaseAbility"/> keyed by suite domain (case-insensitive; a missing key is 1.0).
/// The pseudo-domain <c>numeric</c> applies in addition to items whose answer is a number.
/// </param>
/// <param name="LanguageAbility">
/// Multipliers keyed by language (<c>en</c>, <c>ru</c>, <c>zh</c>; region subtags are ignored; missing is 1.0).
/// The product of base and multipliers is clamped to [0, 1].
/// </param>
/// <param name="MeanLatencyMs">Mean time to first token.</param>
/// <param name="LatencyJitterMs">Spread (about one standard deviation) of the time to first token.</param>
/// <param name="MsPerToken">Generation pace: streaming chunks are spaced by this, non-streaming replies wait for all tokens.</param>
/// <param name="EmitsThinking">Prepends a <c>&lt;think&gt;…&lt;/think&gt;</c> block (left open when <c>max_tokens</c> cuts it).</param>
/// <param name="RefusalHabits">Checked in order before answering; the first that fires supplies the reply.</param>
/// <param name="Faults">Transport faults injected by this model's endpoint.</param>
/// <param name="SelfName">The name it gives when asked who it is, or null to stay generic.</param>
public sealed record SimModelProfile(
    string Name,
    string DisplayLabel,
    double BaseAbility,
    IReadOnlyDictionary<string, double> DomainAbility,
    IReadOnlyDictionary<string, double> LanguageAbility,
    double MeanLatencyMs,
    double LatencyJitterMs,
    double MsPerToken,
    bool EmitsThinking,
    IReadOnlyList<SimRefusalHabit> RefusalHabits,
    FaultProfile Faults,
    string? SelfName)
{
    /// <summary>Multiplier on the length of open-ended answers (1.0 = medium).</summary>
    public double Verbosity { get; init; } = 1.0;

    /// <summary>Probability that an open-ended answer uses markdown headers, lists and bold (style-control signal).</summary>
    public double MarkdownRate { get; init; } = 0.5;

    /// <summary>A profile with no habits, no faults and the given ability; handy in tests.</summary>
    public static SimModelProfile Simple(string name, double ability, double meanLatencyMs = 0, double msPerToken = 0) =>
        new(name, $"{name} (simulated)", ability,
            new Dictionary<string, double>(), new Dictionary<string, double>(),
            meanLatencyMs, 0, msPerToken, false, [], FaultProfile.None, null);

    /// <summary>Probability of a correct answer for an item of this domain and language.</summary>
    public double AbilityFor(string domain, string language, bool numericAnswer = false)
    {
        double p = BaseAbility * Lookup(DomainAbility, domain) * Lookup(LanguageAbility, SimLanguage.Normalize(language));
        if (numericAnswer)
        {
            p *= Lookup(DomainAbility, "numeric");
        }

        return Math.Clamp(p, 0, 1);
    }

    private static double Lookup(IReadOnlyDictionary<string, double> map, string key)
    {
        if (map.Count == 0 || string.IsNullOrEmpty(key))
        {
            return 1.0;
        }

        if (map.TryGetValue(key, out double exact))
        {
            return exact;
        }

        // Callers may build plain dictionaries; fall back to a case-insensitive scan (maps are tiny).
        foreach (var (k, v) in map)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return 1.0;
    }
}
