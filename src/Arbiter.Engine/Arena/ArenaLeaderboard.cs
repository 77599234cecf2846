using System.Globalization;
using Arbiter.Core.Arena;
using Arbiter.Statistics.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// Builds arena leaderboards from stored or imported battles with the Bradley–Terry statistics of
/// Arbiter.Statistics: ratings, bootstrap or sandwich intervals, Rank(UB), matrices, and optionally the
/// style-controlled board next to the plain one.
/// </summary>
public static class ArenaLeaderboard
{
    /// <summary>Reads the battles passing <paramref name="filter"/> from the store and computes the board.</summary>
    public static async Task<ArenaLeaderboardResult> ComputeAsync(IBattleStore store, BattleFilter? filter, ArenaLeaderboardOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Straight into the compact table: the records are not all held at once.
        var table = new BattleTable(keepStyle: options?.StyleControl == true);
        await foreach (var b in store.ReadBattlesAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            table.Add(b);
        }

        return Compute(table, options);
    }

    /// <summary>Computes the board on <paramref name="battles"/> (already filtered).</summary>
    public static ArenaLeaderboardResult Compute(IReadOnlyList<ArenaBattle> battles, ArenaLeaderboardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(battles);
        return Compute(BattleTable.From(battles, keepStyle: options?.StyleControl == true), options);
    }

    /// <summary>Computes the board on battles in compact form (what <see cref="BattleTableReader"/> reads from a file).</summary>
    public static ArenaLeaderboardResult Compute(BattleTable battles, ArenaLeaderboardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(battles);
        options ??= new ArenaLeaderboardOptions();
        var set = battles.ToBattleSet();
        var warnings = new List<string>();
        BradleyTerryFit fit;
        IReadOnlyList<RatingInterval> intervals;
        if (options.Intervals == IntervalMethod.Sandwich)
        {
            fit = BradleyTerry.Fit(set, options.Ratings);
            intervals = BradleyTerry.SandwichIntervals(fit, options.ConfidenceLevel);
        }
        else
        {
            var boot = BradleyTerry.Bootstrap(set, options.Ratings, options.Bootstrap);
            fit = boot.Fit;
            intervals = boot.Intervals;
            warnings.AddRange(boot.Warnings.Except(fit.Warnings));
        }

        warnings.InsertRange(0, fit.Warnings);
        var counts = battles.Tally();
        IReadOnlyList<ArenaRow>? styleRows = null;
        IReadOnlyList<StyleCoefficient>? coefficients = null;
        if (options.StyleControl)
        {
            (styleRows, coefficients) = StyleBoard(battles, options, counts, warnings);
        }

        var preliminary = counts.Count(c => c.Value.Sum() < options.MinimumBattles);
        if (preliminary > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{preliminary} model(s) have fewer than {options.MinimumBattles} battles and are marked preliminary."));
        }

        return new ArenaLeaderboardResult(Rows(intervals, counts, options.MinimumBattles), styleRows, coefficients, fit,
            ArenaMatrices.ObservedWinRates(set), ArenaMatrices.PredictedWinRates(fit), ArenaMatrices.BattleCounts(set), set.Count, warnings);
    }

    /// <summary>The statistics view of a stored battle (ties and "both bad" are both ties).</summary>
    public static Battle ToBattle(ArenaBattle battle)
    {
        ArgumentNullException.ThrowIfNull(battle);
        var outcome = battle.Winner switch
        {
            BattleWinner.ModelA => BattleOutcome.AWins,
            BattleWinner.ModelB => BattleOutcome.BWins,
            BattleWinner.TieBothBad => BattleOutcome.TieBothBad,
            BattleWinner.Tie => BattleOutcome.Tie,
            _ => (BattleOutcome)(-1), // BattleSet skips and reports it.
        };
        return new Battle(battle.ModelA, battle.ModelB, outcome);
    }

    private static (IReadOnlyList<ArenaRow>?, IReadOnlyList<StyleCoefficient>?) StyleBoard(
        BattleTable battles, ArenaLeaderboardOptions options, Dictionary<string, int[]> counts, List<string> warnings)
    {
        var styled = new List<StyledBattle>();
        for (int k = 0; k < battles.Count; k++)
        {
            if (battles.HasStyle(k)) styled.Add(new StyledBattle(battles.BattleAt(k), StyleFeatures.Differences(battles.StyleOf(k, 0), battles.StyleOf(k, 1))));
        }

        if (styled.Count < battles.Count)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{battles.Count - styled.Count} of {battles.Count} battle(s) have no style features and are left out of the style-controlled board."));
        }

        if (styled.Count == 0)
        {
            return (null, null);
        }

        var styleOptions = new StyleControlOptions { Ratings = options.Ratings };
        var (fit, intervals) = StyleControl.Bootstrap(styled, styleOptions, options.Bootstrap);
        warnings.AddRange(fit.Ratings.Warnings.Select(w => "style control: " + w));
        return (Rows(intervals, counts, options.MinimumBattles), fit.Coefficients);
    }

    private static List<ArenaRow> Rows(IReadOnlyList<RatingInterval> intervals, Dictionary<string, int[]> counts, int minimumBattles) =>
        [.. Leaderboard.Build(intervals).Select(e =>
        {
            int[] c = counts.TryGetValue(e.Model, out var found) ? found : new int[3];
            int battles = c[0] + c[1] + c[2];
            return new ArenaRow(e.Rank, e.Model, e.Rating, e.Lower, e.Upper, battles, c[0], c[1], c[2]) { Preliminary = battles < minimumBattles };
        })];
}
