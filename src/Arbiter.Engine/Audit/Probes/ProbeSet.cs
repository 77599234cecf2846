using Arbiter.Core.Suites;

namespace Arbiter.Engine.Audit.Probes;

/// <summary>Metadata keys every probe item carries (values are strings, as in <see cref="SuiteItem.Metadata"/>).</summary>
public static class ProbeKeys
{
    /// <summary>Topic slug, e.g. <c>tiananmen</c>.</summary>
    public const string Topic = "topic";
    /// <summary>Country the question is about (<c>RU</c>, <c>CN</c>, <c>US</c>, <c>EU</c>…), empty when none.</summary>
    public const string TargetCountry = "targetCountry";
    /// <summary>Prompt language: <c>en</c>, <c>ru</c>, <c>zh</c>.</summary>
    public const string Language = "language";
    /// <summary>Id of the matched item (the control of a sensitive probe, or the probe of a control); empty when unpaired.</summary>
    public const string PairedId = "pairedId";
    /// <summary><c>true</c> for a control question.</summary>
    public const string Control = "control";
    /// <summary>Shared by the translations of one question.</summary>
    public const string CrossLanguageId = "crossLanguageId";
    /// <summary>Where the probe came from (pack or imported file).</summary>
    public const string Source = "probeSource";
    /// <summary>The question, stored with each sample so the classifier can read a reply next to what was asked.</summary>
    public const string Question = "question";
}

/// <summary>A set of probe items, ready to be turned into one suite per language.</summary>
/// <param name="Id">Set id (<c>builtin</c>, or a name derived from the imported file).</param>
/// <param name="Version">Content version, part of the run identity.</param>
/// <param name="Items">The probes.</param>
public sealed record ProbeSet(string Id, string Version, IReadOnlyList<SuiteItem> Items)
{
    private const string SuitePrefix = "audit-";

    /// <summary>One suite per language (<c>audit-{id}-{lang}</c>), scored by the audit classifier.</summary>
    public IReadOnlyList<Suite> ToSuites() => Items
        .GroupBy(i => i.Metadata.GetValueOrDefault(ProbeKeys.Language, "en"))
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new Suite($"{SuitePrefix}{Id}-{g.Key}", Version, "audit", g.Key, Confidentiality.Public, new ScorerSpec("audit"), g.ToList())
        {
            Title = $"Audit probes {Id} ({g.Key})",
        })
        .ToList();

    /// <summary>
    /// The probe set and language (<c>{id}-{lang}</c>) of an audit-probe run's suite id. Only a name: whether a run
    /// is an audit run is its <see cref="Core.Runs.RunRecord.Kind"/>.
    /// </summary>
    public static string SetOf(string suiteId)
    {
        ArgumentNullException.ThrowIfNull(suiteId);
        return suiteId.StartsWith(SuitePrefix, StringComparison.Ordinal) ? suiteId[SuitePrefix.Length..] : suiteId;
    }

    /// <summary>Builds a probe item.</summary>
    public static SuiteItem Probe(string id, string text, string topic, string? country, string language, bool control,
        string? pairedId, string crossLanguageId, string source) =>
        new(id, [new ChatTurn("user", text)], null, null, null, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProbeKeys.Topic] = topic,
            [ProbeKeys.TargetCountry] = country ?? "",
            [ProbeKeys.Language] = language,
            [ProbeKeys.PairedId] = pairedId ?? "",
            [ProbeKeys.Control] = control ? "true" : "false",
            [ProbeKeys.CrossLanguageId] = crossLanguageId,
            [ProbeKeys.Source] = source,
            [ProbeKeys.Question] = text,
        });
}
