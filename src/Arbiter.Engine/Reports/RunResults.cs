using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Statistics.Intervals;

namespace Arbiter.Engine.Reports;

/// <summary>
/// The headline numbers of one run. Accuracy counts every recorded sample: errors, content-filter
/// stops and policy blocks score 0 (a model that fails to answer has not answered correctly); the
/// error count is shown next to it so nobody mistakes an outage for ignorance.
/// </summary>
public sealed record RunResult(
    RunRecord Run,
    ProportionEstimate Accuracy,
    int Samples,
    int Errors,
    int ContentFiltered,
    long InputTokens,
    long OutputTokens,
    decimal? Cost,
    string? Currency,
    double MeanLatencyMs)
{
    /// <summary>Cost per correct answer, or null when cost is unknown or nothing was correct.</summary>
    public decimal? CostPerCorrect => Cost is { } c && Accuracy.Successes > 0 ? c / (decimal)Accuracy.Successes : null;
}

/// <summary>Computes <see cref="RunResult"/>s from the store.</summary>
public static class RunResults
{
    /// <summary>Reads a run's samples and summarises them.</summary>
    public static async Task<RunResult> ComputeAsync(IRunStore store, RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        double correct = 0;
        int samples = 0, errors = 0, filtered = 0;
        long input = 0, output = 0;
        decimal cost = 0;
        var anyCost = false;
        double latency = 0;
        await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false))
        {
            samples++;
            correct += s.Score?.Value ?? 0;
            if (s.Response.Status == SampleStatus.Error) errors++;
            if (s.Response.Status == SampleStatus.ContentFilter) filtered++;
            input += s.Response.Usage.Input;
            output += s.Response.Usage.Output;
            latency += s.Response.LatencyMs;
            if (s.Cost is { } c)
            {
                cost += c;
                anyCost = true;
            }
        }

        var currency = anyCost ? ReadCurrency(run.ConfigJson) : null;
        return new RunResult(run, ProportionEstimate.FromCounts(correct, samples), samples, errors, filtered, input, output,
            anyCost ? cost : null, currency, samples == 0 ? 0 : latency / samples);
    }

    private static string? ReadCurrency(string configJson)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(configJson);
        return doc.RootElement.TryGetProperty("pricing", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Object
            && p.TryGetProperty("Currency", out var c) ? c.GetString() : null;
    }
}
