using Arbiter.Engine.Runner;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>A run lets the thread pool start a thread per worker at once, and never lowers what the process set.</summary>
public sealed class RunThreadsTests
{
    [Fact]
    public void The_floor_is_raised_to_the_workers_and_never_lowered()
    {
        ThreadPool.GetMinThreads(out var before, out var io);
        var wanted = Math.Min(before + 3, RunThreads.Cap);

        RunThreads.Reserve(wanted);
        RunThreads.Reserve(1);

        ThreadPool.GetMinThreads(out var after, out var ioAfter);
        Assert.Equal(Math.Max(before, wanted), after);
        Assert.Equal(io, ioAfter);
    }

    [Fact]
    public void The_floor_stops_at_the_cap()
    {
        RunThreads.Reserve(RunThreads.Cap * 4);

        ThreadPool.GetMinThreads(out var after, out _);
        Assert.True(after <= Math.Max(RunThreads.Cap, Environment.ProcessorCount), $"min worker threads {after}");
        Assert.True(after >= RunThreads.Cap || Environment.ProcessorCount > RunThreads.Cap);
    }

    [Fact]
    public async Task A_run_reserves_a_thread_per_worker()
    {
        await using var h = await SimHarness.StartAsync(items: 4);

        await h.RunAsync(h.Model(concurrency: 48));

        ThreadPool.GetMinThreads(out var min, out _);
        Assert.True(min >= 48, $"min worker threads {min}");
    }
}
