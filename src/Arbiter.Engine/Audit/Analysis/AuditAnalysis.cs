using Arbiter.Core.Storage;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Judge;

namespace Arbiter.Engine.Audit.Analysis;

/// <summary>
/// The one recipe for reading a stored audit: the classifier's labels, combined with the stored
/// verdicts of an audit judge when one is named (no model calls). <c>arbiter audit report</c>, the web's
/// <c>/audit</c> and the demo all read it through here, so their rates cannot differ.
/// </summary>
public static class AuditAnalysis
{
    /// <summary>Every stored audit sample with its label.</summary>
    /// <param name="store">The store.</param>
    /// <param name="classifier">The classifier (with the configured <c>audit.judgeBelow</c>).</param>
    /// <param name="judgeId">The audit judge whose stored verdicts decide low-confidence samples; null: none.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyList<AuditObservation>> LoadAsync(IRunStore store, RefusalClassifier classifier, string? judgeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(classifier);
        var verdicts = judgeId is null ? null : await AuditJudge.ReadStoredAsync(store, judgeId, cancellationToken).ConfigureAwait(false);
        return await AuditSamples.ReadAsync(store, classifier, verdicts, cancellationToken).ConfigureAwait(false);
    }
}
