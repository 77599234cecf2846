using Arbiter.Core.Models;
using Arbiter.Simulator;

namespace Arbiter.Cli.Commands;

/// <summary>
/// The demo's model endpoints: the built-in simulated zoo, each given a jurisdiction, an origin and
/// a price in its home currency, as a user would configure real national and foreign models.
/// </summary>
internal static class DemoSetup
{
    private static readonly Dictionary<string, (string Jurisdiction, string Origin, Pricing? Pricing, string Release)> Facts = new(StringComparer.Ordinal)
    {
        ["sim-atlas-large"] = ("US", "US / Simulated Labs", new Pricing(2.50m, 10.00m, "USD"), "2025-05-01"),
        ["sim-volga-pro"] = ("RU", "RU / simulated Russian lab", new Pricing(1200m, 1200m, "RUB"), "2025-03-15"),
        ["sim-huanghe-72b"] = ("CN", "CN / simulated Chinese lab", new Pricing(2m, 8m, "CNY"), "2025-04-20"),
        ["sim-thinker-r1"] = ("CN", "CN / simulated reasoning lab", new Pricing(4m, 16m, "CNY"), "2025-01-20"),
        // A self-hosted open-weights model: no price list, so cost is reported as unknown.
        ["sim-open-8b"] = ("local", "open weights (simulated)", null, "2024-07-23"),
    };

    public static IReadOnlyList<ModelSpec> Models(Uri baseUrl, int concurrency) => SimModelZoo.Default.Select(p =>
    {
        var f = Facts.TryGetValue(p.Name, out var known) ? known : ("local", "simulated", null, "2025-01-01");
        return new ModelSpec(p.Name, "openai", baseUrl.ToString().TrimEnd('/'), p.Name, null, f.Jurisdiction, f.Origin, f.Pricing,
            DateOnly.Parse(f.Release, System.Globalization.CultureInfo.InvariantCulture), new GenerationParameters(Temperature: 0, MaxTokens: 1024))
        {
            MaxConcurrency = concurrency,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }).ToList();
}
