using System.Runtime.CompilerServices;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Metrics;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Tests.Support;
using Arbiter.Statistics.Paired;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>Issue 18: a run's summary streams its samples; the figures are those of the whole-list computations.</summary>
public sealed class RunTallyTests
{
    private static readonly Pricing Usd = new(1_000_000m, 1_000_000m, "USD");

    private static RunRecord Run(string id = "r1") => new(id, "h", "s", "1", "m", "d", "en", 40, 3, RunStatus.Completed, 0, 1)
    {
        ConfigJson = JsonSerializer.Serialize(new { pricing = Usd }),
    };

    private static SampleRecord Sample(string run, int item, int epoch)
    {
        // Partial credit, errors, blocks, cache hits, missing usage and odd latencies, varied by item and epoch.
        var status = (((item * 3) + epoch) % 11) switch { 0 => SampleStatus.BlockedByPolicy, 4 => SampleStatus.Error, 7 => SampleStatus.ContentFilter, _ => SampleStatus.Ok };
        var usage = status != SampleStatus.Ok ? default : item % 9 == 0 ? new TokenUsage(0, 0) : new TokenUsage(10 + item, 2 + epoch);
        var response = new ModelResponse(status == SampleStatus.Ok ? "A" : null, null, "stop", usage, status == SampleStatus.BlockedByPolicy ? 0 : 100 + item * 7.3 + epoch,
            null, 1, status, status == SampleStatus.Error ? (item % 2 == 0 ? ErrorKind.Transient : ErrorKind.Permanent) : ErrorKind.None, null);
        double? score = status == SampleStatus.Ok ? (item + epoch) % 4 / 3.0 : null;
        return new SampleRecord(run, $"q{item:D3}", epoch, response, score is { } v ? new ScoreResult(v, "A", "t") : null,
            status == SampleStatus.Ok && usage.Input > 0 ? Usd.CostOf(usage.Input, usage.Output) : null, (item + epoch) % 5 == 0, 0);
    }

    private static IEnumerable<SampleRecord> Samples(string run, int items) =>
        Enumerable.Range(0, items).SelectMany(i => Enumerable.Range(0, 3).Select(e => Sample(run, i, e)));

    [Fact]
    public void The_streamed_summary_equals_the_item_scores_consistency_and_efficiency_of_the_whole_list()
    {
        var data = new RunData(Run(), [.. Samples("r1", 40)]);

        var result = RunResults.From(data);

        var scored = data.Scored().ToList();
        Assert.Equal(ItemScores.From(scored).Estimate(), result.Accuracy);
        Assert.Equal(EpochConsistency.From(scored), result.Consistency);
        var e = EfficiencyMetrics.Compute([data.Priced]);
        Assert.Equal((e.Outcomes.Errors, e.Outcomes.ContentFilter, e.InputTokens, e.OutputTokens, e.CacheHits, e.UsageUnknownSamples, e.Correct, e.TokensUnknown),
            (result.Errors, result.ContentFiltered, result.InputTokens, result.OutputTokens, result.CacheHits, result.UsageUnknownSamples, result.CorrectSamples, result.TokensUnknown));
        Assert.Equal(e.Costs.Single().Amount, result.Cost);
        Assert.Equal(e.SpentCosts.Single().Amount, result.SpentCost);
        Assert.Equal(data.BlockedByPolicy, result.BlockedByPolicy);
        Assert.Equal(120, result.Samples);
        var sent = data.Samples.Where(s => s.Response.Status != SampleStatus.BlockedByPolicy).ToList();
        Assert.Equal(sent.Average(s => s.Response.LatencyMs), result.MeanLatencyMs);
    }

    [Fact]
    public void Samples_out_of_item_order_give_the_same_summary()
    {
        var ordered = RunResults.From(new RunData(Run(), [.. Samples("r1", 40)]));
        var shuffled = RunResults.From(new RunData(Run(), [.. Samples("r1", 40).OrderBy(s => s.Epoch).ThenByDescending(s => s.ItemId, StringComparer.Ordinal)]));

        Assert.Equal(ordered.Accuracy, shuffled.Accuracy);
        Assert.Equal(ordered.Consistency with { Agreement = 0 }, shuffled.Consistency with { Agreement = 0 });
        Assert.Equal(ordered.Consistency.Agreement, shuffled.Consistency.Agreement, 12);
    }

    [Fact]
    public void Pooling_adds_the_runs_item_sums_and_counts()
    {
        var a = RunResults.From(new RunData(Run("a"), [.. Samples("a", 40)]));
        var b = RunResults.From(new RunData(Run("b"), [.. Samples("b", 7)]));

        var pooled = RunResults.Pool([a, b]);

        Assert.Equal(a.Accuracy.Count + b.Accuracy.Count, pooled.Count);
        Assert.Equal(a.Accuracy.Successes + b.Accuracy.Successes, pooled.Successes, 12);
    }

    [Fact]
    public async Task Summarising_from_the_store_keeps_no_sample_it_has_read()
    {
        var store = new GeneratedSamples(20_000);

        var result = await RunResults.ComputeAsync(store, Run(), TestContext.Current.CancellationToken);

        Assert.Equal(60_000, result.Samples);
        // The first samples read were collected while the rest streamed: nothing held them.
        Assert.Equal(0, store.AliveEarlySamples);
    }

    /// <summary>Yields a run's samples in item order, watching whether the first ones are still referenced halfway through.</summary>
    private sealed class GeneratedSamples(int items) : DelegatingRunStore(null!)
    {
        private readonly List<WeakReference<SampleRecord>> _early = [];

        public int AliveEarlySamples { get; private set; } = -1;

        public override async IAsyncEnumerable<SampleRecord> ReadSamplesAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (int i = 0; i < items; i++)
            {
                for (int e = 0; e < 3; e++)
                {
                    if (i == items / 2 && e == 0) AliveEarlySamples = CountAlive();
                    var s = Sample(runId, i, e);
                    if (i < 100) _early.Add(new WeakReference<SampleRecord>(s));
                    yield return s;
                }
            }

            await Task.CompletedTask;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private int CountAlive()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return _early.Count(w => w.TryGetTarget(out _));
        }
    }
}
