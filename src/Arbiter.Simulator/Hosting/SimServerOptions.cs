namespace Arbiter.Simulator;

/// <summary>How to start a <see cref="SimulatedModelServer"/>.</summary>
public sealed record SimServerOptions
{
    /// <summary>Loopback port; 0 picks a free one (read it back from <see cref="SimulatedModelServer.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>Seed of every deterministic draw (answers, habits, faults, latency).</summary>
    public ulong Seed { get; init; }

    /// <summary>The models served; defaults to <see cref="SimModelZoo.Default"/>.</summary>
    public IReadOnlyList<SimModelProfile> Models { get; init; } = SimModelZoo.Default;

    /// <summary>The answer key; defaults to knowing nothing (generic answers only).</summary>
    public SimKnowledge Knowledge { get; init; } = SimKnowledge.Empty;

    /// <summary>When true, <c>/v1</c> requests need an <c>Authorization: Bearer</c> header (any key unless <see cref="ExpectedApiKey"/> is set).</summary>
    public bool RequireApiKey { get; init; }

    /// <summary>When set, the bearer token must equal this (implies <see cref="RequireApiKey"/>).</summary>
    public string? ExpectedApiKey { get; init; }

    /// <summary>How the server treats <c>stream: true</c> (default: answers with server-sent events).</summary>
    public SimStreaming Streaming { get; init; } = SimStreaming.Supported;

    /// <summary>Multiplier on every simulated delay; 0 answers immediately (benchmarks, unit tests).</summary>
    public double LatencyScale { get; init; } = 1.0;
}

/// <summary>How a simulated server answers a request with <c>stream: true</c>, as real endpoints differ.</summary>
public enum SimStreaming
{
    /// <summary>Server-sent events, as OpenAI does.</summary>
    Supported,
    /// <summary>The parameter is ignored: one JSON body comes back (some self-hosted servers and proxies).</summary>
    Ignored,
    /// <summary>HTTP 400 naming the <c>stream</c> parameter (endpoints that do not offer streaming).</summary>
    Rejected,
}
