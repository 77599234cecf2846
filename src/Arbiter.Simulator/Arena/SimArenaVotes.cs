using System.Globalization;
using Arbiter.Core.Arena;

namespace Arbiter.Simulator;

/// <summary>
/// Simulated arena votes between simulated models, so the demo's arena leaderboard and arena-rating frontier have data
/// without a human voter. Each vote follows Bradley–Terry on the two models' abilities in the prompt's language, plus a
/// mild preference for the wordier answer (as real voters show). Deterministic for a seed: the same ids and winners on
/// every run, so storing them twice adds nothing (the stores skip known battle ids).
/// </summary>
public static class SimArenaVotes
{
    /// <summary>Every simulated vote's battle id starts with this, and its voter id with <c>sim-voter-</c>.</summary>
    public const string IdPrefix = "sim-vote-";

    // Logit per unit of ability difference: 0.1 of ability is about 62 % against 38 %.
    private const double AbilityScale = 5.0;

    // Logit bonus for the wordier answer, per unit of normalised verbosity difference (a − b)/(a + b).
    private const double VerbosityEffect = 0.4;

    private static readonly string[] Languages = ["en", "ru", "zh"];

    // The votes' clock: a fixed start so the rows are byte-identical on every run; a vote every 90 seconds.
    private static readonly long StartMs = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary><paramref name="count"/> votes between random pairs of <paramref name="models"/> (at least two).</summary>
    /// <param name="models">The simulated models.</param>
    /// <param name="count">How many votes.</param>
    /// <param name="seed">The random seed.</param>
    public static IReadOnlyList<ArenaBattle> Generate(IReadOnlyList<SimModelProfile> models, int count, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentOutOfRangeException.ThrowIfLessThan(models.Count, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rng = new Random(seed);
        var battles = new List<ArenaBattle>(count);
        for (var k = 0; k < count; k++)
        {
            int a = rng.Next(models.Count), b = rng.Next(models.Count - 1);
            b += b >= a ? 1 : 0;
            var language = Languages[rng.Next(Languages.Length)];
            var (ma, mb) = (models[a], models[b]);
            var logit = (AbilityScale * (ma.AbilityFor("general", language) - mb.AbilityFor("general", language)))
                + (VerbosityEffect * (ma.Verbosity - mb.Verbosity) / (ma.Verbosity + mb.Verbosity));
            var p = 1 / (1 + Math.Exp(-logit));
            // Ties take 0.3·min(p, 1 − p) from both sides, so A's expected score (a tie counts ½) stays p.
            double tie = 0.3 * Math.Min(p, 1 - p), u = rng.NextDouble();
            var winner = u < p - (tie / 2) ? BattleWinner.ModelA : u < p + (tie / 2) ? BattleWinner.Tie : BattleWinner.ModelB;
            var inv = CultureInfo.InvariantCulture;
            battles.Add(new ArenaBattle(string.Create(inv, $"{IdPrefix}{seed}-{k + 1:D5}"), ma.Name, mb.Name, winner)
            {
                Judge = string.Create(inv, $"sim-voter-{rng.Next(40):D2}"),
                QuestionId = string.Create(inv, $"sim-prompt-{rng.Next(200):D3}"),
                Language = language,
                Anonymous = true,
                TimestampMs = StartMs + (k * 90_000L),
            });
        }

        return battles;
    }
}
