using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Engine.RecordedLogs;

namespace Arbiter.Engine.Providers.Replay;

/// <summary>
/// A <c>provider: replay</c> model made ready to run: its log read, and its spec given the log's identity (format and
/// source id in place of a base URL, the recorded model as the model name), so the run id follows the log's content
/// and another log at the same path is another run.
/// </summary>
/// <param name="Model">Answers from the log.</param>
/// <param name="Spec">The spec runs are planned and stored with.</param>
public sealed record ReplaySource(ReplayModel Model, ModelSpec Spec)
{
    /// <summary>Reads <paramref name="spec"/>'s log (<see cref="ModelSpec.ReplayLog"/>).</summary>
    /// <exception cref="LogFormatException">The log is missing, unknown or malformed.</exception>
    public static async Task<ReplaySource> LoadAsync(ModelSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var path = spec.ReplayLog ?? throw new ArgumentException($"model '{spec.Id}' is not a replay model", nameof(spec));
        var log = await RecordedLogReader.ReadAsync(path, spec.Model.Length == 0 ? null : spec.Model, cancellationToken).ConfigureAwait(false);
        return new ReplaySource(new ReplayModel(log), spec with { BaseUrl = $"replay:{log.Format}:{log.SourceId}", Model = log.Model });
    }

    /// <summary>The metadata key holding the recorded score (a number, invariant culture).</summary>
    public const string ScoreKey = "recorded.score";

    /// <summary>The metadata key holding the recorded value as written in the log.</summary>
    public const string RawKey = "recorded.raw";

    /// <summary>The metadata key holding the recording tool's scorer name.</summary>
    public const string ScorerKey = "recorded.scorer";

    /// <summary>
    /// A replayed sample's metadata: the item's, plus the recorded score, so the stored run keeps what the other tool
    /// said next to Arbiter's score (reports compare them item by item).
    /// </summary>
    public static string? Metadata(IReadOnlyDictionary<string, string> item, ReplayAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Recorded?.Score is not { } score) return item.Count == 0 ? null : JsonSerializer.Serialize(item);
        var meta = new Dictionary<string, string>(item, StringComparer.Ordinal) { [RawKey] = score.Raw, [ScorerKey] = score.Scorer };
        if (score.Value is { } v) meta[ScoreKey] = v.ToString("R", CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(meta);
    }
}
