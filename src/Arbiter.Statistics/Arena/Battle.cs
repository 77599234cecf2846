namespace Arbiter.Statistics.Arena;

/// <summary>The verdict of one battle between two models.</summary>
public enum BattleOutcome
{
    /// <summary>Model A won.</summary>
    AWins,

    /// <summary>Model B won.</summary>
    BWins,

    /// <summary>A tie: half a win for each side.</summary>
    Tie,

    /// <summary>A tie where both answers were bad: treated exactly like <see cref="Tie"/>.</summary>
    TieBothBad,
}

/// <summary>One battle (a vote or a judge verdict) between two models.</summary>
/// <param name="ModelA">The model shown first / as "A".</param>
/// <param name="ModelB">The other model.</param>
/// <param name="Outcome">The verdict.</param>
/// <param name="Weight">How many battles this row counts as (positive, default 1).</param>
public readonly record struct Battle(string ModelA, string ModelB, BattleOutcome Outcome, double Weight = 1)
{
    /// <summary>The score of A: 1 win, 0 loss, ½ tie.</summary>
    internal double ScoreA => Outcome switch
    {
        BattleOutcome.AWins => 1,
        BattleOutcome.BWins => 0,
        _ => 0.5,
    };
}

/// <summary>How many battles between two models ended one way (what a reader aggregating while it reads keeps).</summary>
/// <param name="ModelA">Index of the model shown first / as "A", in the caller's list of model names.</param>
/// <param name="ModelB">Index of the other model.</param>
/// <param name="Outcome">The verdict.</param>
/// <param name="Count">Number of such battles (weight 1 each).</param>
public readonly record struct BattleCount(int ModelA, int ModelB, BattleOutcome Outcome, int Count);
