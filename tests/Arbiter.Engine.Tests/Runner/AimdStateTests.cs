using Arbiter.Engine.Providers;

namespace Arbiter.Engine.Tests.Runner;

public sealed class AimdStateTests
{
    [Fact]
    public void Slow_start_grows_by_one_per_success_up_to_the_ceiling()
    {
        var aimd = new AimdState(max: 5, initial: 1);
        for (var i = 0; i < 10; i++) aimd.OnSuccess();
        Assert.Equal(5, aimd.Limit);
    }

    [Fact]
    public void A_throttle_halves_the_limit_and_ends_slow_start()
    {
        var aimd = new AimdState(max: 16, initial: 16);
        aimd.OnThrottle(nowMs: 1_000);
        Assert.Equal(8, aimd.Limit);

        // Past the slow-start threshold growth is one per window (≈ limit successes), not one per success.
        aimd.OnSuccess();
        Assert.Equal(8, aimd.Limit);
        for (var i = 0; i < 8; i++) aimd.OnSuccess();
        Assert.Equal(9, aimd.Limit);
    }

    [Fact]
    public void A_burst_of_throttles_halves_once_and_a_later_one_halves_again()
    {
        var aimd = new AimdState(max: 16, initial: 16);
        aimd.OnThrottle(1_000);
        aimd.OnThrottle(1_100);
        aimd.OnThrottle(1_250);
        Assert.Equal(8, aimd.Limit);
        aimd.OnThrottle(1_251);
        Assert.Equal(4, aimd.Limit);
    }

    [Fact]
    public void The_limit_never_drops_below_one()
    {
        var aimd = new AimdState(max: 4, initial: 4);
        for (var t = 0; t < 10; t++) aimd.OnThrottle(t * 1_000L);
        Assert.Equal(1, aimd.Limit);
    }

    [Fact]
    public void A_neutral_outcome_leaves_the_limit_and_a_lower_ceiling_clamps_it()
    {
        var aimd = new AimdState(max: 8, initial: 6);
        aimd.OnOutcome(null, 0);
        Assert.Equal(6, aimd.Limit);
        aimd.SetMax(3);
        Assert.Equal(3, aimd.Limit);
        aimd.OnOutcome(true, 0);
        Assert.Equal(3, aimd.Limit);
    }

    [Fact]
    public async Task The_local_limiter_admits_no_more_than_its_limit_and_halves_on_a_throttle()
    {
        var limiter = new AdaptiveConcurrencyLimiter(max: 2, initial: 2);
        await limiter.AcquireAsync(TestContext.Current.CancellationToken);
        await limiter.AcquireAsync(TestContext.Current.CancellationToken);
        var third = limiter.AcquireAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(third.IsCompleted);

        await ((IConcurrencyLimiter)limiter).ReleaseAsync(false);
        Assert.Equal(1, limiter.Limit);
        Assert.False(third.IsCompleted); // one still in flight, limit 1: no room
        limiter.Release(null);
        await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(1, limiter.InFlight);
    }
}
