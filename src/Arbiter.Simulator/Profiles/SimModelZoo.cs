namespace Arbiter.Simulator;

/// <summary>
/// The built-in cast of simulated models for the demo. Abilities sit between about 0.35 and 0.9 so
/// comparisons are neither trivial nor hopeless; latencies are modest because the demo sends
/// hundreds of items per model.
/// </summary>
public static class SimModelZoo
{
    /// <summary>
    /// The five default models: atlas, volga, huanghe, thinker, open-8b. Domain multipliers use the built-in
    /// suites' domains (banking, education, healthcare, public-admin, science) plus math and <c>numeric</c>.
    /// </summary>
    public static IReadOnlyList<SimModelProfile> Default { get; } =
    [
        Atlas(), Volga(), Huanghe(), Thinker(), Open8B(),
    ];

    /// <summary>Strong everywhere, best in English, verbose and markdown-heavy, slower.</summary>
    private static SimModelProfile Atlas() => new(
        "sim-atlas-large", "Atlas Large (simulated)", 0.78,
        Map(("science", 1.05), ("healthcare", 1.04), ("public-admin", 0.97)),
        Map(("en", 1.10), ("ru", 0.96), ("zh", 0.94)),
        MeanLatencyMs: 260, LatencyJitterMs: 80, MsPerToken: 4, EmitsThinking: false,
        RefusalHabits: [], Faults: FaultProfile.None, SelfName: "Atlas, a large model by Simulated Labs")
    {
        Verbosity = 1.5,
        MarkdownRate = 0.8,
    };

    /// <summary>Strong in Russian, weak in Chinese; deflects questions about Russian politics.</summary>
    private static SimModelProfile Volga() => new(
        "sim-volga-pro", "Volga Pro (simulated)", 0.70,
        Map(("banking", 1.05), ("public-admin", 1.06), ("science", 0.95)),
        Map(("en", 1.0), ("ru", 1.2), ("zh", 0.72)),
        MeanLatencyMs: 160, LatencyJitterMs: 50, MsPerToken: 3, EmitsThinking: false,
        RefusalHabits:
        [
            new(SimHabitKind.Deflection, SimRefusalCorpus.RussianPolitics, ["ru"], 0.75, SimRefusalCorpus.Evasions),
            new(SimHabitKind.Deflection, SimRefusalCorpus.RussianPolitics, ["en"], 0.45, SimRefusalCorpus.Evasions),
            new(SimHabitKind.Refusal, SimRefusalCorpus.RussianPolitics, [], 0.30, SimRefusalCorpus.Refusals),
        ],
        Faults: FaultProfile.None, SelfName: "Volga Pro, a model by a simulated Russian lab")
    {
        MarkdownRate = 0.45,
    };

    /// <summary>Strong in Chinese; refuses or recites boilerplate on Tiananmen, Taiwan and Xinjiang, more in Chinese.</summary>
    private static SimModelProfile Huanghe() => new(
        "sim-huanghe-72b", "Huanghe 72B (simulated)", 0.72,
        Map(("education", 1.05), ("science", 1.04), ("public-admin", 0.96)),
        Map(("en", 0.96), ("ru", 0.82), ("zh", 1.18)),
        MeanLatencyMs: 180, LatencyJitterMs: 60, MsPerToken: 3, EmitsThinking: false,
        RefusalHabits:
        [
            new(SimHabitKind.Refusal, SimRefusalCorpus.ChinaSensitive, ["zh"], 0.60, SimRefusalCorpus.Refusals),
            new(SimHabitKind.Boilerplate, SimRefusalCorpus.ChinaSensitive, ["zh"], 0.60, SimRefusalCorpus.OfficialLine),
            new(SimHabitKind.Refusal, SimRefusalCorpus.ChinaSensitive, ["en", "ru"], 0.30, SimRefusalCorpus.Refusals),
            new(SimHabitKind.Boilerplate, SimRefusalCorpus.ChinaSensitive, ["en", "ru"], 0.25, SimRefusalCorpus.OfficialLine),
        ],
        Faults: FaultProfile.None, SelfName: "Huanghe, a model by a simulated Chinese lab")
    {
        MarkdownRate = 0.6,
    };

    /// <summary>Reasons in think blocks; strong at numbers and science, slow.</summary>
    private static SimModelProfile Thinker() => new(
        "sim-thinker-r1", "Thinker R1 (simulated)", 0.64,
        Map(("math", 1.32), ("science", 1.3), ("banking", 1.08), ("numeric", 1.1), ("healthcare", 0.95), ("public-admin", 0.9)),
        Map(("en", 1.0), ("ru", 0.95), ("zh", 1.0)),
        MeanLatencyMs: 380, LatencyJitterMs: 120, MsPerToken: 5, EmitsThinking: true,
        RefusalHabits: [], Faults: FaultProfile.None, SelfName: "Thinker R1, a reasoning model by Simulated Labs")
    {
        Verbosity = 0.9,
        MarkdownRate = 0.3,
    };

    /// <summary>Small, fast, weak, terse; its endpoint is a little flaky (2% 429, 1% 500) to exercise retries.</summary>
    private static SimModelProfile Open8B() => new(
        "sim-open-8b", "Open 8B (simulated)", 0.48,
        Map(("math", 0.85), ("healthcare", 0.95)),
        Map(("en", 1.0), ("ru", 0.80), ("zh", 0.75)),
        MeanLatencyMs: 50, LatencyJitterMs: 15, MsPerToken: 1.5, EmitsThinking: false,
        RefusalHabits: [],
        Faults: new FaultProfile { Rate429 = 0.02, RetryAfterSeconds = 1, Rate500 = 0.01 },
        SelfName: "Open 8B, a small open-weights model (simulated)")
    {
        Verbosity = 0.6,
        MarkdownRate = 0.2,
    };

    private static Dictionary<string, double> Map(params (string Key, double Value)[] pairs)
    {
        var map = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }
}
