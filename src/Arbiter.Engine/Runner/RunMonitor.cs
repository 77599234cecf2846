using System.Collections.Concurrent;

namespace Arbiter.Engine.Runner;

/// <summary>
/// Live counters for a running evaluation, updated lock-free by workers and read by the CLI's
/// progress display. Money is kept per currency: RUB, CNY and USD are never summed together.
/// </summary>
public sealed class RunMonitor
{
    private long _total;
    private long _done;
    private long _errors;
    private long _cacheHits;
    private long _skipped;
    private long _inputTokens;
    private long _outputTokens;
    private long _correct;

    /// <summary>Things the user should be told after the run (e.g. a model that could not stream); in the order they happened.</summary>
    public ConcurrentQueue<string> Notices { get; } = new();

    /// <summary>Spend of live (non-cached) calls per currency.</summary>
    public ConcurrentDictionary<string, decimal> Spend { get; } = new(StringComparer.Ordinal);

    /// <summary>Samples planned in this invocation (excluding those already stored).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Samples completed in this invocation.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Samples that ended in an error.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Samples answered from the cache.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Samples already stored by an earlier invocation (resumed past).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Input tokens of live calls.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Output tokens of live calls.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Samples scored fully correct.</summary>
    public long Correct => Interlocked.Read(ref _correct);

    /// <summary>Store operations retried after a transient fault (a restarted database, a busy file).</summary>
    public long StorageRetries => Interlocked.Read(ref _storageRetries);

    /// <summary>The storage fault being retried now, or null when the store is answering.</summary>
    public string? StorageProblem => Volatile.Read(ref _storageProblem);

    private long _storageRetries;
    private string? _storageProblem;

    internal void StorageFault(string problem)
    {
        Interlocked.Increment(ref _storageRetries);
        Volatile.Write(ref _storageProblem, problem);
    }

    internal void StorageRecovered() => Volatile.Write(ref _storageProblem, null);

    internal void AddPlanned(long n) => Interlocked.Add(ref _total, n);

    internal void AddSkipped(long n) => Interlocked.Add(ref _skipped, n);

    internal void Completed(bool error, bool cacheHit, long input, long output, bool correct, string? currency, decimal? cost)
    {
        Interlocked.Increment(ref _done);
        if (error) Interlocked.Increment(ref _errors);
        if (correct) Interlocked.Increment(ref _correct);
        if (cacheHit)
        {
            Interlocked.Increment(ref _cacheHits);
            return;
        }

        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
        if (currency is not null && cost is { } c) Spend.AddOrUpdate(currency, c, (_, old) => old + c);
    }
}
