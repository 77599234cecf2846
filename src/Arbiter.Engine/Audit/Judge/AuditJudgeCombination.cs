using Arbiter.Engine.Audit.Classification;

namespace Arbiter.Engine.Audit.Judge;

/// <summary>
/// How a tier-3 verdict combines with the tier-1+2 label (docs/audit.md, "Combination rules"):
/// a conclusive tier-1+2 label (error, API block, empty reply) stands and the judge is not asked;
/// otherwise a parsed verdict decides, because the judge reads the whole reply while the phrase lists
/// read its opening; a verdict without a label leaves the tier-1+2 label and marks it.
/// </summary>
public static class AuditJudgeCombination
{
    /// <summary>Signal on a label the judge changed: <c>judge-overrode:{tier-1+2 register}</c>.</summary>
    public const string OverrodePrefix = "judge-overrode:";

    /// <summary>Signal when the judge's reply had no label after the reminder.</summary>
    public const string Unparsed = "judge-unparsed";

    /// <summary>Signal when the judge call failed.</summary>
    public const string Failed = "judge-error";

    /// <summary>Signal when the residency policy kept the sample from the judge (never sent, so neither failed nor unparsed).</summary>
    public const string Blocked = "judge-blocked";

    /// <summary>The final label for a sample.</summary>
    public static AuditLabel Combine(AuditLabel rules, AuditJudgeVerdict? verdict)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (verdict is null || rules.Settled) return rules;
        if (verdict.Register is not { } register)
        {
            return rules with { Signals = [.. rules.Signals, verdict.Blocked ? Blocked : verdict.Reply is null ? Failed : Unparsed] };
        }

        var rulesName = AuditRegisters.Name(rules.Register);
        if (register == rules.Register)
        {
            return new AuditLabel(register, AuditTier.Judge, $"judge {verdict.Judge}: {rulesName}, as tiers 1+2 ({rules.Evidence})", rules.Signals);
        }

        return new AuditLabel(register, AuditTier.Judge,
            $"judge {verdict.Judge}: {AuditRegisters.Name(register)}; tiers 1+2 said {rulesName} ({rules.Evidence})",
            [.. rules.Signals, OverrodePrefix + rulesName]);
    }
}
