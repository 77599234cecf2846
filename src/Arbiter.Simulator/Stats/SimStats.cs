using System.Collections.Frozen;
using System.Text.Json;

namespace Arbiter.Simulator;

/// <summary>
/// Thread-safe request counters of a running simulated server (lock-free: one interlocked add per
/// counter, so they cost nothing measurable at thousands of requests per second).
/// </summary>
public sealed class SimStats
{
    private static readonly SimFault[] FaultKinds = Enum.GetValues<SimFault>();

    private readonly FrozenDictionary<string, int> _modelIndex;
    private readonly long[] _byModel;
    private readonly long[] _byFault = new long[FaultKinds.Length];
    private long _total;
    private long _completedOk;
    private long _rejected;
    private long _inFlight;
    private long _peakInFlight;

    internal SimStats(IEnumerable<string> modelNames)
    {
        var names = modelNames.Distinct(StringComparer.Ordinal).ToArray();
        _modelIndex = names.Select((name, i) => (name, i)).ToFrozenDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _byModel = new long[names.Length];
    }

    /// <summary>Every <c>POST /v1/chat/completions</c>, including rejected ones.</summary>
    public long TotalChatRequests => Interlocked.Read(ref _total);

    /// <summary>Requests answered normally (HTTP 200, finish reason <c>stop</c> or <c>length</c>).</summary>
    public long CompletedOk => Interlocked.Read(ref _completedOk);

    /// <summary>Requests refused before any model ran: bad JSON (400), bad key (401), unknown model (404).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Requests for a known model being answered now (all clients together: a cluster's calls add up here).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The most requests answered at once since the start (or the last reset).</summary>
    public long PeakInFlight => Interlocked.Read(ref _peakInFlight);

    /// <summary>Chat requests per known model name.</summary>
    public IReadOnlyDictionary<string, long> RequestsByModel =>
        _modelIndex.ToDictionary(p => p.Key, p => Interlocked.Read(ref _byModel[p.Value]), StringComparer.Ordinal);

    /// <summary>Injected faults per kind (every kind present, zero when none fired).</summary>
    public IReadOnlyDictionary<SimFault, long> FaultsByKind =>
        FaultKinds.Where(k => k != SimFault.None).ToDictionary(k => k, k => Interlocked.Read(ref _byFault[(int)k]));

    /// <summary>Chat requests for one model (0 for an unknown name).</summary>
    public long RequestsFor(string model) =>
        _modelIndex.TryGetValue(model, out int i) ? Interlocked.Read(ref _byModel[i]) : 0;

    /// <summary>How often one fault kind was injected.</summary>
    public long Faults(SimFault kind) => Interlocked.Read(ref _byFault[(int)kind]);

    internal void RecordRequest() => Interlocked.Increment(ref _total);

    internal void RecordRejected() => Interlocked.Increment(ref _rejected);

    internal void RecordModel(string model)
    {
        if (_modelIndex.TryGetValue(model, out int i))
        {
            Interlocked.Increment(ref _byModel[i]);
        }
    }

    internal void RecordFault(SimFault kind) => Interlocked.Increment(ref _byFault[(int)kind]);

    internal void Entered()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var peak = Interlocked.Read(ref _peakInFlight);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakInFlight, now, peak);
            if (seen == peak) break;
            peak = seen;
        }
    }

    internal void Left() => Interlocked.Decrement(ref _inFlight);

    internal void RecordOk() => Interlocked.Increment(ref _completedOk);

    internal void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _completedOk, 0);
        Interlocked.Exchange(ref _rejected, 0);
        Interlocked.Exchange(ref _peakInFlight, Interlocked.Read(ref _inFlight));
        for (int i = 0; i < _byModel.Length; i++)
        {
            Interlocked.Exchange(ref _byModel[i], 0);
        }

        for (int i = 0; i < _byFault.Length; i++)
        {
            Interlocked.Exchange(ref _byFault[i], 0);
        }
    }

    /// <summary>Writes the counters as the JSON served at <c>GET /sim/stats</c>.</summary>
    internal void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("totalChatRequests", TotalChatRequests);
        w.WriteNumber("completedOk", CompletedOk);
        w.WriteNumber("rejected", Rejected);
        w.WriteStartObject("byModel");
        foreach (var (model, count) in RequestsByModel)
        {
            w.WriteNumber(model, count);
        }

        w.WriteEndObject();
        w.WriteStartObject("byFault");
        foreach (var (kind, count) in FaultsByKind)
        {
            w.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()), count);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
