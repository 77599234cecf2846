using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>The <c>audit:</c> section.</summary>
public static partial class ConfigLoader
{
    /// <summary>
    /// <c>audit: { judge: model-id, samples: 3, temperature: 0.7, probes: [builtin, ./my-probes.jsonl], judgeBelow: 0.9 }</c>.
    /// The judge must be one of the file's models; it is checked here, at its line, rather than when the audit starts.
    /// </summary>
    private static AuditDefaults ParseAudit(YamlNodes y, YamlMappingNode? map, IReadOnlyList<Core.Models.ModelSpec> models)
    {
        if (map is null) return new AuditDefaults();
        y.CheckKeys(map, "judge", "samples", "temperature", "probes", "judgeBelow");
        var defaults = new AuditDefaults();
        var judge = y.OptionalString(map, "judge");
        if (judge is not null && !models.Any(m => m.Id == judge))
        {
            throw y.Error(y.Get(map, "judge")!, $"audit judge '{judge}' is not a model of this file; expected one of: {string.Join(", ", models.Select(m => m.Id))}");
        }

        var probes = y.OptionalList(map, "probes")?.Select(y.Scalar).ToList();
        if (probes is { Count: 0 }) throw y.Error(y.Get(map, "probes")!, "'audit.probes' must list at least one probe set (builtin or a file)");
        return new AuditDefaults(
            judge,
            y.OptionalInt(map, "samples", 1, 1000) ?? defaults.Samples,
            y.OptionalDouble(map, "temperature", 0, 2) ?? defaults.Temperature,
            probes ?? defaults.Probes) { JudgeBelow = y.OptionalDouble(map, "judgeBelow", 0, 1) ?? defaults.JudgeBelow };
    }
}
