using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Bootstrap;

/// <summary>
/// Runs bootstrap rounds, in parallel when allowed. Each round gets its own generator derived from
/// (seed, round) and writes only its own output slot, which is what makes results independent of
/// the thread count. Per-thread state (buffers) is created once per worker and reused across rounds.
/// </summary>
internal static class BootstrapRunner
{
    public static void Run<TState>(
        int rounds,
        ulong seed,
        int maxDegreeOfParallelism,
        Func<TState> createState,
        Action<int, SeededRandom, TState> round)
    {
        if (maxDegreeOfParallelism == 1 || rounds < 4 || Environment.ProcessorCount == 1)
        {
            TState state = createState();
            for (int r = 0; r < rounds; r++)
            {
                round(r, SeededRandom.ForStream(seed, r), state);
            }

            return;
        }

        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(
            0,
            rounds,
            parallelOptions,
            createState,
            (r, _, state) =>
            {
                round(r, SeededRandom.ForStream(seed, r), state);
                return state;
            },
            static _ => { });
    }
}
