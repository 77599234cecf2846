using System.Text.Json;

namespace Arbiter.Cli;

/// <summary>Shared JSON settings for machine-readable output (stable field names, indented).</summary>
internal static class JsonOut
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
