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
