using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Audit.Classification;

/// <summary>
/// Stores the tier-1+2 register with each probe sample: value 1 for an answer, 0 otherwise; the
/// register in <see cref="ScoreResult.Extracted"/>, tier and evidence in the explanation. The audit
/// analysis re-reads the full response (think block, finish reason) rather than trusting this.
/// </summary>
internal sealed class AuditScorer : IScorer
{
    public static readonly AuditScorer Instance = new();

    public ScoreResult Score(SuiteItem item, string answer)
    {
        var language = item.Metadata.GetValueOrDefault(ProbeKeys.Language);
        var label = RefusalClassifier.Default.Classify(new AuditResponse(answer, Language: language) { Prompt = item.Question });
        return new ScoreResult(label.Register == AuditRegister.Answer ? 1 : 0, AuditRegisters.Name(label.Register), $"tier {(int)label.Tier}: {label.Evidence}");
    }
}
