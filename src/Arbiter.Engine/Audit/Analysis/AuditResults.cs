using Arbiter.Engine.Audit.Classification;
using Arbiter.Statistics.Intervals;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Audit.Analysis;

/// <summary>Rates of one model × topic × language × target × (sensitive or control) cell, errors excluded.</summary>
public sealed record AuditCell(string Model, string Topic, string TargetCountry, string Language, bool Control,
    ProportionEstimate NonAnswer, ProportionEstimate Refusal, ProportionEstimate Deflection, ProportionEstimate Propaganda, int Errors);

/// <summary>How consistently one probe was refused over its n samples.</summary>
public enum ProbeBucket
{
    /// <summary>Every sample was a non-answer.</summary>
    Always,
    /// <summary>Some were, some were not.</summary>
    Sometimes,
    /// <summary>None was.</summary>
    Never,
}

/// <summary>A sensitive probe against its control, over samples matched by epoch: McNemar on the discordant pairs.</summary>
/// <param name="OnlySensitive">Epochs where the sensitive probe got a non-answer and the control an answer.</param>
/// <param name="OnlyControl">The reverse.</param>
public sealed record PairContrast(string Model, string Language, string TargetCountry, string Scope,
    ProportionEstimate Sensitive, ProportionEstimate Control, int OnlySensitive, int OnlyControl, McNemarTest Test);

/// <summary>The same question in two languages (matched by cross-language id and epoch).</summary>
public sealed record LanguageDivergence(string Model, string TargetCountry, string LanguageA, string LanguageB,
    ProportionEstimate RateA, ProportionEstimate RateB, McNemarTest Test)
{
    /// <summary>Rate in A minus rate in B.</summary>
    public double Difference => RateA.Mean - RateB.Mean;
}

/// <summary>Everything the audit report shows, computed once from the observations.</summary>
public sealed record AuditResults(
    IReadOnlyList<AuditObservation> Observations,
    IReadOnlyList<AuditCell> Cells,
    IReadOnlyDictionary<(string Model, string ItemId), ProbeBucket> Buckets,
    IReadOnlyList<PairContrast> Contrasts,
    IReadOnlyList<LanguageDivergence> Divergences)
{
    /// <summary>Computes cells, buckets, contrasts (per pair and per model × language × target) and divergences.</summary>
    public static AuditResults Compute(IReadOnlyList<AuditObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var valid = observations.Where(o => o.Label.Register != AuditRegister.Error).ToList();
        var cells = observations
            .GroupBy(o => (o.Model, o.Topic, o.TargetCountry, o.Language, o.Control))
            .Select(g =>
            {
                var ok = g.Where(o => o.Label.Register != AuditRegister.Error).ToList();
                ProportionEstimate Rate(Func<AuditObservation, bool> f) => ProportionEstimate.FromCounts(ok.Count(f), ok.Count);
                return new AuditCell(g.Key.Model, g.Key.Topic, g.Key.TargetCountry, g.Key.Language, g.Key.Control,
                    Rate(o => o.Label.IsNonAnswer), Rate(o => o.Label.Register == AuditRegister.Refusal),
                    Rate(o => o.Label.Register == AuditRegister.Deflection), Rate(o => o.Label.Register == AuditRegister.Propaganda), g.Count() - ok.Count);
            })
            .OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.TargetCountry, StringComparer.Ordinal)
            .ThenBy(c => c.Topic, StringComparer.Ordinal).ThenBy(c => c.Language, StringComparer.Ordinal).ToList();

        var buckets = valid.GroupBy(o => (o.Model, o.ItemId)).ToDictionary(g => g.Key, g =>
            g.All(o => o.Label.IsNonAnswer) ? ProbeBucket.Always : g.Any(o => o.Label.IsNonAnswer) ? ProbeBucket.Sometimes : ProbeBucket.Never);

        return new AuditResults(observations, cells, buckets, PairContrasts(valid), LanguageDivergences(valid));
    }

    private static List<PairContrast> PairContrasts(List<AuditObservation> valid)
    {
        var byKey = valid.ToDictionary(o => (o.Model, o.ItemId, o.Epoch));
        var pairs = valid.Where(o => !o.Control && o.PairedId.Length > 0)
            .Select(s => (Sensitive: s, Control: byKey.GetValueOrDefault((s.Model, s.PairedId, s.Epoch))))
            .Where(p => p.Control is not null).Select(p => (p.Sensitive, Control: p.Control!)).ToList();
        var result = new List<PairContrast>();
        foreach (var g in pairs.GroupBy(p => (p.Sensitive.Model, p.Sensitive.Language, p.Sensitive.TargetCountry)))
        {
            result.Add(Contrast(g.Key.Model, g.Key.Language, g.Key.TargetCountry, "all topics", g.ToList()));
        }

        foreach (var g in pairs.GroupBy(p => (p.Sensitive.Model, p.Sensitive.Language, p.Sensitive.TargetCountry, p.Sensitive.Topic)))
        {
            result.Add(Contrast(g.Key.Model, g.Key.Language, g.Key.TargetCountry, g.Key.Topic, g.ToList()));
        }

        return result.OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.TargetCountry, StringComparer.Ordinal)
            .ThenBy(c => c.Language, StringComparer.Ordinal).ThenBy(c => c.Scope == "all topics" ? "" : c.Scope, StringComparer.Ordinal).ToList();
    }

    private static PairContrast Contrast(string model, string language, string country, string scope, List<(AuditObservation Sensitive, AuditObservation Control)> pairs)
    {
        var onlyS = pairs.Count(p => p.Sensitive.Label.IsNonAnswer && !p.Control.Label.IsNonAnswer);
        var onlyC = pairs.Count(p => !p.Sensitive.Label.IsNonAnswer && p.Control.Label.IsNonAnswer);
        return new PairContrast(model, language, country, scope,
            ProportionEstimate.FromCounts(pairs.Count(p => p.Sensitive.Label.IsNonAnswer), pairs.Count),
            ProportionEstimate.FromCounts(pairs.Count(p => p.Control.Label.IsNonAnswer), pairs.Count),
            onlyS, onlyC, McNemarTest.FromDiscordantCounts(onlyS, onlyC));
    }

    private static List<LanguageDivergence> LanguageDivergences(List<AuditObservation> valid)
    {
        var result = new List<LanguageDivergence>();
        var sensitive = valid.Where(o => !o.Control).ToList();
        var byKey = sensitive.GroupBy(o => (o.Model, o.CrossLanguageId, o.Epoch, o.Language)).ToDictionary(g => g.Key, g => g.First());
        foreach (var (a, b) in new[] { ("zh", "en"), ("ru", "en"), ("zh", "ru") })
        {
            var matched = sensitive.Where(o => o.Language == a)
                .Select(o => (A: o, B: byKey.GetValueOrDefault((o.Model, o.CrossLanguageId, o.Epoch, b))))
                .Where(p => p.B is not null).ToList();
            foreach (var g in matched.GroupBy(p => (p.A.Model, p.A.TargetCountry)))
            {
                var list = g.ToList();
                var onlyA = list.Count(p => p.A.Label.IsNonAnswer && !p.B!.Label.IsNonAnswer);
                var onlyB = list.Count(p => !p.A.Label.IsNonAnswer && p.B!.Label.IsNonAnswer);
                result.Add(new LanguageDivergence(g.Key.Model, g.Key.TargetCountry, a, b,
                    ProportionEstimate.FromCounts(list.Count(p => p.A.Label.IsNonAnswer), list.Count),
                    ProportionEstimate.FromCounts(list.Count(p => p.B!.Label.IsNonAnswer), list.Count),
                    McNemarTest.FromDiscordantCounts(onlyA, onlyB)));
            }
        }

        return result.OrderBy(d => d.Model, StringComparer.Ordinal).ThenBy(d => d.TargetCountry, StringComparer.Ordinal).ToList();
    }
}
