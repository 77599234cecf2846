using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Arbiter.HarnessBench;

/// <summary>
/// Which methods the runtime compiled, when, and at which tier (<c>--jit-log</c>): the runtime's own JIT events, read
/// in this process. Says what a cold run compiles before its first call and while its first wave is out, the two
/// phases where compiling competes with the run on two cores.
/// </summary>
internal sealed class JitLog : EventListener
{
    private readonly ConcurrentQueue<(long At, string Name, int Tier)> _methods = new();
    private readonly ConcurrentQueue<(long At, string Name)> _http = new();
    private readonly long _utcAtStart = DateTime.UtcNow.Ticks;
    private readonly long _clockAtStart = Stopwatch.GetTimestamp();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // JIT keyword (0x10) at verbose: MethodLoadVerbose carries the method's name and its optimization tier.
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x10);
        // HttpClient's own telemetry: when each request's headers left and each response's headers and content arrived.
        if (eventSource.Name == "System.Net.Http") EnableEvents(eventSource, EventLevel.Informational, EventKeywords.All);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name == "System.Net.Http" && eventData.EventName is { } http)
        {
            _http.Enqueue((At(eventData), http));
            return;
        }

        if (eventData.EventName is not { } name || !name.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || eventData.Payload is null) return;
        string? Field(string field)
        {
            var i = eventData.PayloadNames!.IndexOf(field);
            return i < 0 ? null : Convert.ToString(eventData.Payload[i], CultureInfo.InvariantCulture);
        }

        var flags = Convert.ToInt64(eventData.Payload[eventData.PayloadNames!.IndexOf("MethodFlags")], CultureInfo.InvariantCulture);
        // Event time, not callback time: the listener is called on a dispatch thread some time later.
        _methods.Enqueue((At(eventData), $"{Field("MethodNamespace")}::{Field("MethodName")}", (int)((flags >> 7) & 0x7)));
    }

    private long At(EventWrittenEventArgs e) => _clockAtStart + (long)((e.TimeStamp.Ticks - _utcAtStart) / (double)TimeSpan.TicksPerSecond * Stopwatch.Frequency);

    /// <summary>For each HTTP event, when its first and its n-th occurrence came (ms from <paramref name="from"/>).</summary>
    public string Http(long from, int n)
    {
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var parts = _http.Where(e => e.At >= from).GroupBy(e => e.Name).Select(g =>
        {
            var times = g.Select(e => e.At).Order().ToList();
            return string.Create(CultureInfo.InvariantCulture, $"{g.Key} {Ms(times[0] - from):0}..{Ms(times[Math.Min(n, times.Count) - 1] - from):0}");
        });
        return $"  HTTP events, first and {n}th (ms from start): " + string.Join("; ", parts);
    }

    /// <summary>Methods compiled in [from, to), by tier, and the namespaces that compiled most.</summary>
    public string Window(string label, long from, long to)
    {
        var inWindow = _methods.Where(m => m.At >= from && m.At < to).ToList();
        var tiers = inWindow.GroupBy(m => TierName(m.Tier)).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        var top = inWindow.GroupBy(m => Namespace(m.Name)).OrderByDescending(g => g.Count()).Take(12).Select(g => $"{g.Key} {g.Count()}");
        return $"  compiled {label}: {inWindow.Count} ({string.Join(", ", tiers)}); by type: {string.Join("; ", top)}";
    }

    /// <summary>Every method compiled in [from, to), one per line, for a closer look.</summary>
    public IEnumerable<string> List(long from, long to) =>
        _methods.Where(m => m.At >= from && m.At < to).OrderBy(m => m.At).Select(m => $"{TierName(m.Tier)} {m.Name}");

    private static string Namespace(string name)
    {
        var type = name.Split("::")[0];
        var generic = type.IndexOf('[', StringComparison.Ordinal);
        return generic > 0 ? type[..generic] : type;
    }

    private static string TierName(int tier) => tier switch
    {
        1 => "minopt",
        2 => "optimized",
        3 => "tier0",
        4 => "tier1",
        5 => "r2r",
        6 => "tier1-osr",
        7 => "tier0-instrumented",
        _ => "tier" + tier.ToString(CultureInfo.InvariantCulture),
    };
}
