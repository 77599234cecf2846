using Arbiter.Core.Storage;
using Arbiter.Engine.Audit.Analysis;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Probes;

namespace Arbiter.Engine.Labelling;

/// <summary>Stored audit replies as labelling candidates: the audit's own selection of runs and labels, plus the reply text and the probe's question.</summary>
public static class AuditCandidates
{
    /// <summary>
    /// Every stored audit sample whose question is in <paramref name="sets"/> and whose call returned text.
    /// The predicted label is the audit's (tiers 1+2, as <see cref="AuditSamples"/> labels it).
    /// </summary>
    public static async Task<IReadOnlyList<LabellingCandidate>> LoadAsync(IRunStore store, RefusalClassifier classifier, IReadOnlyList<ProbeSet> sets,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sets);
        var questions = new Dictionary<(string Suite, string Item), string>();
        foreach (var suite in sets.SelectMany(s => s.ToSuites()))
        {
            foreach (var item in suite.Items)
            {
                questions.TryAdd((suite.Id, item.Id), item.Input.LastOrDefault(t => t.Role == "user")?.Content ?? "");
            }
        }

        var observations = await AuditSamples.ReadAsync(store, classifier, null, cancellationToken).ConfigureAwait(false);
        // The texts: the newest run per model × suite, the same choice AuditSamples makes.
        var texts = new Dictionary<(string Model, string Suite, string Item, int Epoch), string>();
        var seen = new HashSet<(string, string)>();
        await foreach (var run in store.ListRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!questions.Keys.Any(k => k.Suite == run.SuiteId) || !seen.Add((run.ModelId, run.SuiteId))) continue;
            await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (!string.IsNullOrWhiteSpace(s.Response.Text)) texts[(run.ModelId, run.SuiteId, s.ItemId, s.Epoch)] = s.Response.Text;
            }
        }

        var list = new List<LabellingCandidate>();
        foreach (var o in observations)
        {
            if (o.Label.Register == AuditRegister.Error || o.ProbeSet is null) continue;
            var suite = "audit-" + o.ProbeSet;
            if (!questions.TryGetValue((suite, o.ItemId), out var prompt) || !texts.TryGetValue((o.Model, suite, o.ItemId, o.Epoch), out var reply)) continue;
            list.Add(new LabellingCandidate($"{o.Model}/{o.ItemId}/{o.Epoch}", prompt, reply, o.Model, o.Topic, o.Language, AuditRegisters.Name(o.Label.Register)));
        }

        return list;
    }
}
