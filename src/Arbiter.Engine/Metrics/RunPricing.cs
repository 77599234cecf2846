using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Models;

namespace Arbiter.Engine.Metrics;

/// <summary>Reads the facts a report needs from a run's stored configuration JSON.</summary>
public static class RunPricing
{
    /// <summary>The pricing recorded with the run, or null when the model had none (cost is then unknown).</summary>
    public static Pricing? Read(string configJson)
    {
        var pricing = Property(configJson, "pricing");
        if (pricing is not { ValueKind: JsonValueKind.Object } p) return null;
        return new Pricing(Decimal(p, "InputPerMillion"), Decimal(p, "OutputPerMillion"), p.TryGetProperty("Currency", out var c) ? c.GetString() ?? "?" : "?");
    }

    /// <summary>The suite title recorded with the run (may be Cyrillic or Chinese), or null.</summary>
    public static string? SuiteTitle(string configJson) =>
        Property(configJson, "suite") is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("Title", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;

    private static JsonElement? Property(string configJson, string name)
    {
        if (string.IsNullOrWhiteSpace(configJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(configJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) ? v.Clone() : null;
        }
        catch (JsonException)
        {
            // A damaged config must not take the whole report down: the run just shows no price/title.
            return null;
        }
    }

    private static decimal Decimal(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDecimal(),
            JsonValueKind.String => decimal.Parse(v.GetString()!, CultureInfo.InvariantCulture),
            _ => 0m,
        } : 0m;
}
