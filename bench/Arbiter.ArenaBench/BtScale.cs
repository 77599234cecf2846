using System.Diagnostics;
using System.Globalization;
using Arbiter.Statistics.Arena;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.ArenaBench;

/// <summary>
/// The arena issue's Bradley–Terry targets on N battles among M models generated in memory (no file): aggregation
/// timed apart from the fit, the point fit, 100 bootstrap rounds over aggregated cells against the textbook per-battle
/// bootstrap in the same run, and the process's peak working set.
/// </summary>
internal static class BtScale
{
    public static int Run(int battleCount, int modelCount)
    {
        var inv = CultureInfo.InvariantCulture;
        var random = new Random(11);
        var ratings = Enumerable.Range(0, modelCount).Select(_ => 800 + (500 * random.NextDouble())).ToArray();
        var names = Enumerable.Range(0, modelCount).Select(i => string.Create(inv, $"model-{i:D3}")).ToArray();
        var battles = new Battle[battleCount];
        for (int k = 0; k < battleCount; k++)
        {
            int a = random.Next(modelCount), b = random.Next(modelCount - 1);
            if (b >= a) b++;
            double pA = 1 / (1 + Math.Pow(10, (ratings[b] - ratings[a]) / 400));
            double u = random.NextDouble();
            var outcome = u < 0.1 ? BattleOutcome.Tie : u < 0.1 + (0.9 * pA) ? BattleOutcome.AWins : BattleOutcome.BWins;
            battles[k] = new Battle(names[a], names[b], outcome);
        }

        Console.WriteLine(string.Create(inv, $"Bradley–Terry at scale: {battleCount:N0} battles among {modelCount} models (generated in memory) · {Environment.ProcessorCount} cores"));
        var set = Time("index battles (BattleSet.From)", () => BattleSet.From(battles));
        var cells = Time("aggregate into cells (pair × outcome)", () => set.Cells);
        Console.WriteLine(string.Create(inv, $"  {cells.Length:N0} cells"));
        Time("point fit on the aggregated counts (Newton)", () => BradleyTerry.Fit(set));
        var rounds = new BootstrapOptions { Rounds = 100 };
        var drawn = new int[cells.Length];
        Time("  part: drawing the cell counts of 100 rounds, 1 core", () =>
        {
            var sampler = new Arbiter.Statistics.Sampling.MultinomialSampler(cells.Count);
            for (int r = 0; r < 100; r++) sampler.Draw(Arbiter.Statistics.Sampling.SeededRandom.ForStream(1, r), drawn);
            return 0;
        });
        Time("  part: 100 cold-started fits, 1 core", () =>
        {
            for (int r = 0; r < 100; r++) BradleyTerry.Fit(set);
            return 0;
        });
        var fast = Time("bootstrap, 100 rounds, cell counts", () => BradleyTerry.Bootstrap(set, null, rounds, perBattle: false), out var fastSeconds);
        var slow = Time("bootstrap, 100 rounds, per-battle indices (baseline)", () => BradleyTerry.Bootstrap(set, null, rounds, perBattle: true), out var slowSeconds);
        Console.WriteLine(string.Create(inv, $"  per-battle / cell-count time: {slowSeconds / fastSeconds:0.0}×"));
        var seRatio = Enumerable.Range(0, modelCount).Select(i => fast.Intervals[i].StandardError / slow.Intervals[i].StandardError).ToArray();
        Console.WriteLine(string.Create(inv, $"  SE(cell counts) / SE(per battle) over {modelCount} models: mean {seRatio.Average():0.000} (each SE from 100 rounds carries about ±7 % Monte Carlo noise)"));
        Console.WriteLine(string.Create(inv, $"  peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB (the {battleCount:N0} generated battles included)"));
        GC.KeepAlive(battles);
        return 0;
    }

    private static T Time<T>(string name, Func<T> body) => Time(name, body, out _);

    private static T Time<T>(string name, Func<T> body, out double seconds)
    {
        var clock = Stopwatch.StartNew();
        var result = body();
        seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-54} {seconds,8:0.000} s"));
        return result;
    }
}
