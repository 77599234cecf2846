namespace Arbiter.Engine.Runner;

/// <summary>
/// The thread pool's floor for a run. Its workers await their calls, but every answer is parsed, scored and handed to
/// the store on a pool thread, and a run's first wave of answers arrives at once while code is still cold. Below its
/// minimum the pool adds a thread only every few hundred milliseconds when its threads are busy (on a 2-core machine the
/// minimum is 2), so work queued behind a blocked thread waits; at or above it a thread starts at once.
/// </summary>
internal static class RunThreads
{
    /// <summary>The highest floor a run asks for: beyond it threads cost more memory than they save waiting.</summary>
    internal const int Cap = 256;

    /// <summary>Raises the pool's minimum worker threads to <paramref name="workers"/> (at most <see cref="Cap"/>); never lowers it.</summary>
    public static void Reserve(int workers)
    {
        ThreadPool.GetMinThreads(out var worker, out var io);
        var wanted = Math.Min(workers, Cap);
        if (worker < wanted) ThreadPool.SetMinThreads(wanted, io);
    }
}
