using Arbiter.Core.Models;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Judge;
using Arbiter.Engine.Runner;

namespace Arbiter.Engine.Audit.Validation;

/// <summary>
/// Tier 3 measured against human labels: the same labelled file scored with tiers 1+2 alone and with
/// the combination an audit with a judge uses (<see cref="AuditJudgeCombination"/>: the judge's parsed
/// verdict decides every row that is not conclusive).
/// </summary>
/// <param name="Judge">The judge model id.</param>
/// <param name="Rules">Tiers 1+2 alone.</param>
/// <param name="Combined">Tiers 1+2+3 as combined in an audit.</param>
/// <param name="Judged">Rows sent to the judge (conclusive rows are not).</param>
/// <param name="Unparsed">Judged rows with no label after the reminder, or whose call failed (policy blocks are counted in <see cref="Blocked"/>).</param>
/// <param name="Overrode">Rows where the judge changed the tier-1+2 register.</param>
public sealed record JudgeValidation(string Judge, ValidationReport Rules, ValidationReport Combined, int Judged, int Unparsed, int Overrode)
{
    /// <summary>Rows the residency policy kept from the judge: "blocked", not "unparsed".</summary>
    public int Blocked { get; init; }

    /// <summary>Suite id of validation judgements: kept apart from audit judgements so a report never mistakes one for the other.</summary>
    public const string SuiteId = "judge-audit-validate";

    /// <summary>Stands in for the question when the labels file has no prompt column.</summary>
    public const string MissingQuestion = "(the question was not recorded with this reply)";

    /// <summary>
    /// Asks <paramref name="judgeModel"/> about every non-conclusive row of <paramref name="items"/> (cached and resumable
    /// through the runner, so a second validation of the same file costs no calls) and scores the three labellings.
    /// </summary>
    public static async Task<JudgeValidation> RunAsync(AuditJudge judge, string source, IReadOnlyList<LabelledText> items, ModelSpec judgeModel,
        RefusalClassifier classifier, RunOptions runOptions, RunMonitor monitor, Core.Suites.Confidentiality confidentiality = Core.Suites.Confidentiality.Public,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(judgeModel);
        ArgumentNullException.ThrowIfNull(classifier);
        var rules = items.Select(i => classifier.Classify(new AuditResponse(i.Text) { Prompt = i.Prompt })).ToArray();
        // Row ids may repeat in a hand-made file; the position keeps judgements apart.
        var keys = items.Select((item, index) => new AuditSampleKey("labels", $"{source}#{index}:{item.Id}", 0)).ToArray();
        var requests = Enumerable.Range(0, items.Count).Where(i => !rules[i].Settled)
            .Select(i => new AuditJudgeRequest(keys[i], items[i].Prompt ?? MissingQuestion, items[i].Text)).ToList();
        var verdicts = await judge.JudgeAsync(SuiteId, requests, judgeModel, runOptions, monitor, confidentiality, cancellationToken).ConfigureAwait(false);
        var combined = Enumerable.Range(0, items.Count).Select(i => AuditJudgeCombination.Combine(rules[i], verdicts.GetValueOrDefault(keys[i]))).ToArray();

        return new JudgeValidation(
            judgeModel.Id,
            ValidationReport.Compute(source, items, rules),
            ValidationReport.Compute(source, items, combined),
            requests.Count,
            verdicts.Values.Count(v => v.Register is null && !v.Blocked),
            combined.Count(l => l.Signals.Any(s => s.StartsWith(AuditJudgeCombination.OverrodePrefix, StringComparison.Ordinal))))
        {
            Blocked = verdicts.Values.Count(v => v.Blocked),
        };
    }
}
