using Arbiter.Core.Models;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>
/// A model entry with <c>provider: replay</c>: a "model" that answers from a recorded log (inspect <c>.eval</c>/<c>.json</c>,
/// lm-eval <c>samples_*.jsonl</c>, promptfoo output JSON) instead of an endpoint, so <c>arbiter run</c> re-scores recorded
/// answers with Arbiter's scorers. <c>log</c> is the file (relative to the config file); <c>model</c> is optional and
/// names the recorded model (lm-eval samples do not record it; a promptfoo log may hold several providers).
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>The provider name of a model that answers from a recorded log.</summary>
    public const string ReplayProvider = "replay";

    private static ModelSpec ParseReplayModel(YamlNodes y, YamlMappingNode map, string id)
    {
        y.CheckKeys(map, "id", "provider", "log", "model", "origin", "releaseDate", "maxConcurrency");
        var log = y.OptionalString(map, "log") is { Length: > 0 } l ? l : throw y.Error(map, $"model '{id}' (provider: replay) needs 'log': the recorded log file to answer from");
        // Relative to the config file, as suite paths are; the run reports a missing or unreadable log with its path.
        var dir = Path.GetDirectoryName(Path.GetFullPath(y.File)) ?? ".";
        var path = Path.IsPathRooted(log) ? log : Path.GetFullPath(Path.Combine(dir, log));
        DateOnly? release = y.OptionalString(map, "releaseDate") is { } text
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
                ? d : throw y.Error(y.Get(map, "releaseDate")!, $"releaseDate must be YYYY-MM-DD, got '{text}'")
            : null;
        // Nothing is sent anywhere: the data stays on this machine.
        return new ModelSpec(id, ReplayProvider, "replay:", y.OptionalString(map, "model") ?? "", null, "local", y.OptionalString(map, "origin"), null, release, GenerationParameters.Default)
        {
            ReplayLog = path,
            MaxConcurrency = y.OptionalInt(map, "maxConcurrency", 1, 1024) ?? 4,
        };
    }
}
