using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Arbiter.Core.Models;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Microsoft.Extensions.AI;

namespace Arbiter.HarnessBench;

/// <summary>
/// Where the latency-bound run's slots idle: every model call's start and end (taken around the chat
/// client, so HTTP and the in-process server are inside it) and every store write (audit-intent
/// batches apart from sample batches), timed with one clock. The report splits the idle slot-time
/// into start-up (before the first call), steady state and the tail (after the last call started).
/// </summary>
internal sealed class SlotTrace : IDisposable
{
    private readonly ConcurrentQueue<(long Start, long End)> _calls = new();
    private readonly ConcurrentQueue<(string Kind, long Start, long End, int Count)> _writes = new();

    private (long Methods, TimeSpan Time) _jitAtStart, _jitAtFirstCall;
    private readonly JitLog _jitLog = new();
    private int _firstCall;

    /// <summary>Methods compiled so far (JIT, including tier-up recompiles) and the time spent on them.</summary>
    private static (long Methods, TimeSpan Time) Jit() => (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

    public void Dispose() => _jitLog.Dispose();

    /// <summary>Call when the timed run starts: the report says how much was compiled before the first call and in the run.</summary>
    public void MarkJit() => _jitAtStart = Jit();

    public IChatClientFactory Wrap(IChatClientFactory inner) => new Factory(inner, this);

    public IArbiterStore Wrap(IArbiterStore inner)
    {
        var proxy = DispatchProxy.Create<IArbiterStore, StoreProxy>();
        ((StoreProxy)(object)proxy).Init(inner, this);
        return proxy;
    }

    public string Report(long clockStart, long clockEnd, int slots)
    {
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var calls = _calls.OrderBy(c => c.Start).ToList();
        if (calls.Count == 0) return "no calls";
        var total = Ms(clockEnd - clockStart);
        var first = Ms(calls[0].Start - clockStart);
        var lastStart = calls[^1].Start;
        var durations = calls.Select(c => Ms(c.End - c.Start)).OrderBy(d => d).ToList();
        // Slot-time in calls, cut at the boundaries of the three phases.
        double Busy(long from, long to) => calls.Sum(c => Math.Max(0, Ms(Math.Min(c.End, to) - Math.Max(c.Start, from))));
        var steadyBusy = Busy(calls[0].Start, lastStart);
        var steadyMs = Ms(lastStart - calls[0].Start);
        var tailMs = Ms(clockEnd - lastStart);
        var tailBusy = Busy(lastStart, clockEnd);
        // A start is the slot of the earliest end not yet reused (FIFO): the gap is what a slot waited between calls.
        var ends = new PriorityQueue<long, long>();
        var gaps = new List<double>();
        foreach (var c in calls)
        {
            if (ends.Count >= slots) gaps.Add(Ms(c.Start - ends.Dequeue()));
            ends.Enqueue(c.End, c.End);
        }

        gaps.Sort();
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(inv, $"  wall {total:0} ms; slot-time {slots * total:0} ms, in calls {durations.Sum():0} ms ({durations.Sum() / (slots * total):P1})"),
            string.Create(inv, $"  start-up: first call after {first:0} ms = {slots * first / (slots * total):P2} of slot-time idle"),
            string.Create(inv, $"  steady: {steadyMs:0} ms, slots busy {steadyBusy / (slots * steadyMs):P2} ({(slots * steadyMs - steadyBusy) / (slots * total):P2} of slot-time idle)"),
            string.Create(inv, $"  tail: {tailMs:0} ms after the last call started, busy {tailBusy / (slots * tailMs):P1} ({(slots * tailMs - tailBusy) / (slots * total):P2} of slot-time idle)"),
            string.Create(inv, $"  call (client side) ms: mean {durations.Average():0.00}, p50 {durations[durations.Count / 2]:0.00}, p90 {durations[durations.Count * 9 / 10]:0.00}, p99 {durations[durations.Count * 99 / 100]:0.00}, max {durations[^1]:0.0}"),
            FirstWave(calls.Take(slots).ToList()),
            gaps.Count == 0 ? "  no gaps" : string.Create(inv, $"  gap end→next start ms: mean {gaps.Average():0.00}, p50 {gaps[gaps.Count / 2]:0.00}, p90 {gaps[gaps.Count * 9 / 10]:0.00}, p99 {gaps[gaps.Count * 99 / 100]:0.00}"),
        };
        // Start-up: what the store did before the first call left (and when the first call did).
        var before = _writes.Where(w => w.Start < calls[0].Start).OrderBy(w => w.Start)
            .Select(w => string.Create(inv, $"{w.Kind} {Ms(w.Start - clockStart):0}+{Ms(w.End - w.Start):0.0}"));
        lines.Add("  before the first call (store, ms from start+duration): " + string.Join("; ", before) + string.Create(inv, $"; first call {first:0}, first answer {Ms(calls.Min(c => c.End) - clockStart):0}"));
        var jit = Jit();
        lines.Add(string.Create(inv, $"  compiled (JIT and tier-up): {_jitAtFirstCall.Methods - _jitAtStart.Methods} methods in {(_jitAtFirstCall.Time - _jitAtStart.Time).TotalMilliseconds:0} ms before the first call, {jit.Methods - _jitAtStart.Methods} in {(jit.Time - _jitAtStart.Time).TotalMilliseconds:0} ms in the whole run"));
        var firstWave = calls.Take(slots).ToList();
        var firstAnswer = calls.Min(c => c.End);
        lines.Add(_jitLog.Http(clockStart, slots));
        lines.Add(_jitLog.Window("before the first call", clockStart, calls[0].Start));
        lines.Add(_jitLog.Window("while the first wave was out", calls[0].Start, firstAnswer));
        lines.Add(_jitLog.Window("while the first wave's answers came in", firstAnswer, firstWave.Max(c => c.End)));
        lines.Add(_jitLog.Window("in the rest of the run", firstWave.Max(c => c.End), clockEnd));
        if (Environment.GetEnvironmentVariable("ARBITER_BENCH_JIT_LIST") is { Length: > 0 } list)
        {
            File.WriteAllLines(list, _jitLog.List(clockStart, firstWave.Max(c => c.End)));
        }

        foreach (var kind in _writes.Where(w => w.Kind.Contains(' ', StringComparison.Ordinal) || w.Kind == "samples").GroupBy(w => w.Kind))
        {
            var ms = kind.Select(w => Ms(w.End - w.Start)).OrderBy(d => d).ToList();
            lines.Add(string.Create(inv, $"  store {kind.Key}: {ms.Count} commits, {kind.Average(w => w.Count):0.0} entries each, ms mean {ms.Average():0.00}, p90 {ms[ms.Count * 9 / 10]:0.00}, max {ms[^1]:0.00}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The first wave: how spread its starts are and how much longer than later calls its calls take (new connections, cold code).</summary>
    private static string FirstWave(List<(long Start, long End)> wave)
    {
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var durations = wave.Select(c => Ms(c.End - c.Start)).OrderBy(d => d).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"  first wave ({wave.Count} calls): starts within {Ms(wave[^1].Start - wave[0].Start):0} ms, ends within {Ms(wave.Max(c => c.End) - wave.Min(c => c.End)):0} ms, call ms min {durations[0]:0}, p50 {durations[durations.Count / 2]:0}, max {durations[^1]:0}");
    }

    private sealed class Factory(IChatClientFactory inner, SlotTrace trace) : IChatClientFactory
    {
        public IChatClient Create(ModelSpec model) => new TimedClient(inner.Create(model), trace);

        public void Preconnect(ModelSpec model, int connections) => inner.Preconnect(model, connections);
    }

    private sealed class TimedClient(IChatClient inner, SlotTrace trace) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var start = Stopwatch.GetTimestamp();
            if (Interlocked.Exchange(ref trace._firstCall, 1) == 0) trace._jitAtFirstCall = Jit();
            try
            {
                return await base.GetResponseAsync(messages, options, cancellationToken);
            }
            finally
            {
                trace._calls.Enqueue((start, Stopwatch.GetTimestamp()));
            }
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var start = Stopwatch.GetTimestamp();
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken)) yield return update;
            trace._calls.Enqueue((start, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>Forwards every store call; times the audit appends (intents) and the sample batches.</summary>
#pragma warning disable CA1852 // DispatchProxy derives the proxy type from it at run time.
    public class StoreProxy : DispatchProxy
#pragma warning restore CA1852
    {
        private object _inner = null!;
        private SlotTrace _trace = null!;

        internal void Init(object inner, SlotTrace trace) => (_inner, _trace) = (inner, trace);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var kind = targetMethod!.Name switch
            {
                nameof(IAuditLogStore.AppendAuditAsync) => "audit append (intents)",
                nameof(IAuditLogStore.WriteSamplesWithAuditAsync) => "samples + outcomes",
                nameof(IRunStore.WriteSamplesAsync) => "samples",
                _ => "other",
            };
            var start = Stopwatch.GetTimestamp();
            object? result;
            try
            {
                result = targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }

            if (result is not Task task) return result;
            var count = args is [System.Collections.ICollection c, ..] ? c.Count : 0;
            if (kind == "other") kind = targetMethod.Name;
            _ = task.ContinueWith(_ => _trace._writes.Enqueue((kind, start, Stopwatch.GetTimestamp(), count)), TaskScheduler.Default);
            return result;
        }
    }
}
