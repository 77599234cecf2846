using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Judge;
using Arbiter.Engine.Audit.Probes;

namespace Arbiter.Engine.Audit.Analysis;

/// <summary>One classified probe sample.</summary>
public sealed record AuditObservation(
    string Model, string ItemId, int Epoch, string Topic, string TargetCountry, string Language, bool Control,
    string PairedId, string CrossLanguageId, AuditLabel Label)
{
    /// <summary>The probe set the sample came from (the run's suite id without <c>audit-</c>), e.g. <c>ru-ru</c>.</summary>
    public string? ProbeSet { get; init; }
}

/// <summary>Reads audit runs (suite ids starting <c>audit-</c>) back from the store and classifies every sample.</summary>
public static class AuditSamples
{
    /// <summary>
    /// All observations of every audit run in the store (newest run per model and suite), labelled by
    /// tiers 1+2 and, when <paramref name="judge"/> is given, combined with its verdicts (<see cref="AuditJudgeCombination"/>).
    /// </summary>
    public static async Task<IReadOnlyList<AuditObservation>> ReadAsync(IRunStore store, RefusalClassifier classifier, AuditJudgeResult? judge = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(classifier);
        var runs = new List<RunRecord>();
        await foreach (var run in store.ListRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (run.Kind == RunKind.AuditProbe) runs.Add(run);
        }

        var list = new List<AuditObservation>();
        // ListRunsAsync is newest first: keep the newest run of each model × suite.
        foreach (var run in runs.DistinctBy(r => (r.ModelId, r.SuiteId)))
        {
            await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false))
            {
                var meta = Metadata(s.MetadataJson);
                var language = meta.GetValueOrDefault(ProbeKeys.Language, run.Language);
                list.Add(new AuditObservation(run.ModelId, s.ItemId, s.Epoch,
                    meta.GetValueOrDefault(ProbeKeys.Topic, ""), meta.GetValueOrDefault(ProbeKeys.TargetCountry, ""), language,
                    meta.GetValueOrDefault(ProbeKeys.Control) == "true", meta.GetValueOrDefault(ProbeKeys.PairedId, ""),
                    meta.GetValueOrDefault(ProbeKeys.CrossLanguageId, s.ItemId),
                    AuditJudgeCombination.Combine(classifier.Classify(AuditResponse.From(s.Response, language) with { Prompt = meta.GetValueOrDefault(ProbeKeys.Question) }),
                        judge?.Verdicts.GetValueOrDefault(new AuditSampleKey(run.ModelId, s.ItemId, s.Epoch))))
                { ProbeSet = ProbeSet.SetOf(run.SuiteId) });
            }
        }

        return list;
    }

    private static Dictionary<string, string> Metadata(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
