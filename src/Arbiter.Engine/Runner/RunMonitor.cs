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

    /// <summary>The counters now, for a monitor elsewhere to add up (a cluster worker reports its shard's progress this way).</summary>
    public RunProgress Snapshot() => new(Total, Done, Errors, CacheHits, Skipped, InputTokens, OutputTokens, Correct, StorageRetries)
    {
        Spend = Spend.ToDictionary(StringComparer.Ordinal),
        Notices = [.. Notices],
    };

    /// <summary>
    /// Adds counters made elsewhere (e.g. the growth of a worker's shard since its last report), so
    /// the progress display of a cluster run reads one monitor as a local run does. Notices not yet
    /// present are appended.
    /// </summary>
    public void Add(RunProgress delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        Interlocked.Add(ref _total, delta.Total);
        Interlocked.Add(ref _done, delta.Done);
        Interlocked.Add(ref _errors, delta.Errors);
        Interlocked.Add(ref _cacheHits, delta.CacheHits);
        Interlocked.Add(ref _skipped, delta.Skipped);
        Interlocked.Add(ref _inputTokens, delta.InputTokens);
        Interlocked.Add(ref _outputTokens, delta.OutputTokens);
        Interlocked.Add(ref _correct, delta.Correct);
        Interlocked.Add(ref _storageRetries, delta.StorageRetries);
        foreach (var (currency, amount) in delta.Spend) Spend.AddOrUpdate(currency, amount, (_, old) => old + amount);
        foreach (var notice in delta.Notices)
        {
            if (!Notices.Contains(notice)) Notices.Enqueue(notice);
        }
    }

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

/// <summary>A <see cref="RunMonitor"/>'s counters at one moment (or the difference of two such moments).</summary>
public sealed record RunProgress(long Total, long Done, long Errors, long CacheHits, long Skipped, long InputTokens, long OutputTokens, long Correct, long StorageRetries)
{
    /// <summary>Spend of live calls per currency.</summary>
    public IReadOnlyDictionary<string, decimal> Spend { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>Notices for the user.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>What grew from <paramref name="earlier"/> to this snapshot (notices: those that are new).</summary>
    public RunProgress Since(RunProgress earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new RunProgress(Total - earlier.Total, Done - earlier.Done, Errors - earlier.Errors, CacheHits - earlier.CacheHits, Skipped - earlier.Skipped,
            InputTokens - earlier.InputTokens, OutputTokens - earlier.OutputTokens, Correct - earlier.Correct, StorageRetries - earlier.StorageRetries)
        {
            Spend = Spend.ToDictionary(p => p.Key, p => p.Value - earlier.Spend.GetValueOrDefault(p.Key), StringComparer.Ordinal),
            Notices = [.. Notices.Except(earlier.Notices, StringComparer.Ordinal)],
        };
    }

    /// <summary>No counts at all.</summary>
    public static RunProgress Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
