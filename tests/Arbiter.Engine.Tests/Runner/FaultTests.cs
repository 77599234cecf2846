using System.Diagnostics;
using System.Text;
using Arbiter.Core.Runs;
using Arbiter.Engine.Runner;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>Every injected fault ends in a recorded outcome; retries are bounded; Retry-After is honoured.</summary>
public sealed class FaultTests
{
    private static SimModelProfile Faulty(FaultProfile faults) => SimModelProfile.Simple("sim-test", 0.7) with { Faults = faults };

    [Theory]
    [InlineData(SimFault.RateLimited, false)]
    [InlineData(SimFault.ServerError, false)]
    [InlineData(SimFault.MalformedJson, false)]
    [InlineData(SimFault.TruncatedStream, true)]
    [InlineData(SimFault.TruncatedStream, false)]
    [InlineData(SimFault.Hang, false)]
    public async Task A_transient_fault_on_the_first_attempt_is_retried_to_success(SimFault fault, bool stream)
    {
        var profile = Faulty(new FaultProfile { FailFirstAttempts = 1, ForcedFault = fault, RetryAfterSeconds = 0, HangFor = TimeSpan.FromSeconds(30) });
        await using var h = await SimHarness.StartAsync(items: 12, profile);
        var model = h.Model(timeout: TimeSpan.FromMilliseconds(fault == SimFault.Hang ? 400 : 10_000));
        var (runs, _) = await h.RunAsync(model, new RunOptions(Stream: stream, Retry: SimHarness.FastRetry()));
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(12, samples.Count);
        Assert.All(samples, s =>
        {
            Assert.Equal(SampleStatus.Ok, s.Response.Status);
            Assert.Equal(2, s.Response.Attempts);
        });
        Assert.Equal(24, h.Server.Stats.TotalChatRequests);
        Assert.Equal(RunStatus.Completed, runs[0].Status);
    }

    [Fact]
    public async Task Retry_after_is_respected()
    {
        var profile = Faulty(new FaultProfile { FailFirstAttempts = 1, ForcedFault = SimFault.RateLimited, RetryAfterSeconds = 1 });
        await using var h = await SimHarness.StartAsync(items: 3, profile);
        var clock = Stopwatch.StartNew();
        var (runs, _) = await h.RunAsync(h.Model());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"finished after {clock.Elapsed}");
        Assert.All(await h.SamplesAsync(runs[0].RunId), s => Assert.Equal(SampleStatus.Ok, s.Response.Status));
    }

    // A Retry-After beyond TimeSpan's range (or not finite) used to throw OverflowException out of the whole run.
    [Theory]
    [InlineData("99999999999999")]
    [InlineData("1e400")]
    [InlineData("Infinity")]
    [InlineData("-5")]
    [InlineData("NaN")]
    public async Task A_hostile_retry_after_is_capped_by_the_maximum_wait_and_the_run_completes(string header)
    {
        var profile = Faulty(new FaultProfile { FailFirstAttempts = 1, ForcedFault = SimFault.RateLimited, RetryAfterHeader = header });
        await using var h = await SimHarness.StartAsync(items: 4, profile);
        var clock = Stopwatch.StartNew();
        var (runs, _) = await h.RunAsync(h.Model(), new RunOptions(Retry: SimHarness.FastRetry()));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.Equal((SampleStatus.Ok, 2), (s.Response.Status, s.Response.Attempts)));
        Assert.Equal(RunStatus.Completed, runs[0].Status);
    }

    [Theory]
    [InlineData("99999999999999", true)]
    [InlineData("1e400", true)]
    [InlineData("Infinity", true)]
    [InlineData("7", true)]
    [InlineData("-1", false)]
    [InlineData("soon", false)]
    public void Retry_after_parses_without_overflow(string header, bool parsed)
    {
        var value = Arbiter.Engine.Providers.ModelCaller.ParseRetryAfter(header);
        Assert.Equal(parsed, value is not null);
        if (value is { } v) Assert.InRange(v, TimeSpan.Zero, Arbiter.Engine.Providers.ModelCaller.LongestRetryAfter);
    }

    [Fact]
    public async Task Retries_are_bounded_and_a_persistent_failure_is_recorded_not_thrown()
    {
        var profile = Faulty(new FaultProfile { FailFirstAttempts = 1000, ForcedFault = SimFault.ServerError });
        await using var h = await SimHarness.StartAsync(items: 10, profile);
        var (runs, monitor) = await h.RunAsync(h.Model(), new RunOptions(Retry: SimHarness.FastRetry(maxRetries: 2)));
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(10, samples.Count);
        Assert.All(samples, s =>
        {
            Assert.Equal(SampleStatus.Error, s.Response.Status);
            Assert.Equal(ErrorKind.Transient, s.Response.ErrorKind);
            Assert.Equal(3, s.Response.Attempts);
            Assert.StartsWith("HTTP 500", s.Response.Error, StringComparison.Ordinal);
            Assert.Null(s.Score);
        });
        Assert.Equal(30, h.Server.Stats.TotalChatRequests);
        Assert.Equal(10, monitor.Errors);
        Assert.Equal(RunStatus.Completed, runs[0].Status);

        // Errors are never cached: a fresh run calls the endpoint again.
        h.Server.ResetStats();
        await h.RunAsync(h.Model(), new RunOptions(Fresh: true, Retry: SimHarness.FastRetry(maxRetries: 0)));
        Assert.Equal(10, h.Server.Stats.TotalChatRequests);
    }

    [Fact]
    public async Task A_content_filter_stop_is_an_outcome_and_is_not_retried()
    {
        await using var h = await SimHarness.StartAsync(items: 10, Faulty(new FaultProfile { RateContentFilter = 1 }));
        var (runs, _) = await h.RunAsync(h.Model());
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.All(samples, s =>
        {
            Assert.Equal(SampleStatus.ContentFilter, s.Response.Status);
            Assert.Equal("content_filter", s.Response.FinishReason);
            Assert.Equal(1, s.Response.Attempts);
        });
        Assert.Equal(10, h.Server.Stats.TotalChatRequests);
    }

    [Fact]
    public async Task Random_faults_of_every_kind_still_end_in_one_outcome_per_sample()
    {
        var faults = new FaultProfile { Rate429 = 0.1, RetryAfterSeconds = 0, Rate500 = 0.1, RateMalformedJson = 0.05, RateTruncatedStream = 0.05, RateContentFilter = 0.05, RateHang = 0.03, HangFor = TimeSpan.FromSeconds(20) };
        await using var h = await SimHarness.StartAsync(items: 120, Faulty(faults));
        var (runs, _) = await h.RunAsync(h.Model(timeout: TimeSpan.FromMilliseconds(500), concurrency: 16), new RunOptions(Stream: true, Retry: SimHarness.FastRetry(3)));
        var samples = await h.SamplesAsync(runs[0].RunId);
        Assert.Equal(120, samples.Count);
        Assert.Equal(120, samples.Select(s => s.ItemId).Distinct().Count());
        Assert.All(samples, s => Assert.InRange(s.Response.Attempts, 1, 4));
        Assert.Contains(samples, s => s.Response.Attempts > 1);
        Assert.True(h.Server.Stats.TotalChatRequests <= 4 * 120);
    }

    [Fact]
    public async Task The_api_key_is_sent_but_never_stored()
    {
        const string secret = "sk-test-5e2b7c1d9f0a4b3c8d6e";
        Environment.SetEnvironmentVariable("ARBITER_TEST_SECRET_KEY", secret);
        await using var h = await SimHarness.StartAsync(items: 10, expectedKey: secret);
        var (runs, _) = await h.RunAsync(h.Model(keyEnv: "ARBITER_TEST_SECRET_KEY"));
        Assert.All(await h.SamplesAsync(runs[0].RunId), s => Assert.Equal(SampleStatus.Ok, s.Response.Status));
        await h.Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(h.DatabasePath)!))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(secret, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_rejected_key_is_a_permanent_error_without_the_key_in_the_message()
    {
        Environment.SetEnvironmentVariable("ARBITER_TEST_WRONG_KEY", "sk-wrong-0123456789abcdef");
        await using var h = await SimHarness.StartAsync(items: 4, expectedKey: "sk-right-0123456789abcdef");
        var (runs, _) = await h.RunAsync(h.Model(keyEnv: "ARBITER_TEST_WRONG_KEY"));
        Assert.All(await h.SamplesAsync(runs[0].RunId), s =>
        {
            Assert.Equal(ErrorKind.Permanent, s.Response.ErrorKind);
            Assert.Equal(1, s.Response.Attempts);
            Assert.StartsWith("HTTP 401", s.Response.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("0123456789abcdef", s.Response.Error, StringComparison.Ordinal);
        });
    }
}

public sealed class RetryErrorsTests
{
    [Fact]
    public async Task Failed_samples_are_called_again_only_when_asked()
    {
        // Every request body fails its first attempt; with no retries the first invocation records errors.
        var profile = SimModelProfile.Simple("sim-test", 0.7) with { Faults = new FaultProfile { FailFirstAttempts = 1, ForcedFault = SimFault.ServerError } };
        await using var h = await SimHarness.StartAsync(items: 10, profile);
        var noRetry = new RunOptions(Retry: SimHarness.FastRetry(maxRetries: 0));
        var (first, _) = await h.RunAsync(h.Model(), noRetry);
        Assert.All(await h.SamplesAsync(first[0].RunId), s => Assert.Equal(SampleStatus.Error, s.Response.Status));
        Assert.Equal(RunStatus.Completed, first[0].Status);

        // A plain resume keeps the recorded failures: no calls.
        h.Server.ResetStats();
        await h.RunAsync(h.Model(), noRetry);
        Assert.Equal(0, h.Server.Stats.TotalChatRequests);

        // --retry-errors deletes them and calls again (the second attempt of each body succeeds).
        var (again, monitor) = await h.RunAsync(h.Model(), noRetry with { RetryErrors = true });
        Assert.Equal(10, h.Server.Stats.TotalChatRequests);
        Assert.Equal(10, monitor.Done);
        var samples = await h.SamplesAsync(again[0].RunId);
        Assert.Equal(10, samples.Count);
        Assert.All(samples, s => Assert.Equal(SampleStatus.Ok, s.Response.Status));
        Assert.Equal(RunStatus.Completed, again[0].Status);
    }
}
