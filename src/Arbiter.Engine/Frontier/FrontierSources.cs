using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Engine.Reports;

namespace Arbiter.Engine.Frontier;

/// <summary>Model facts and scores from Arbiter's own config and runs, beside the published scores CSVs.</summary>
public static class FrontierSources
{
    /// <summary>
    /// Adds the facts of configured models (<c>origin</c> read as <c>CC / Organisation (open weights)</c>, and
    /// <c>releaseDate</c>). They fill only what the CSVs left unknown, so a published file is never overridden.
    /// </summary>
    public static void AddConfigModels(ScoreTable table, IEnumerable<ModelSpec> models, string source = "arbiter.yaml")
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(models);
        foreach (var m in models)
        {
            var (country, org, weights) = OriginText.Parse(m.Origin);
            table.AddFacts(new ModelFacts(m.Id, org, country, weights, m.ReleaseDate, source));
        }
    }

    /// <summary>
    /// Adds each run's mean score (errors and unscored samples count 0, as in reports) under its suite id as
    /// the benchmark, and the origin and release date recorded with the run. Runs without samples are noted and skipped.
    /// </summary>
    public static void AddRuns(ScoreTable table, IEnumerable<RunData> runs)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(runs);
        var empty = 0;
        foreach (var run in runs)
        {
            if (run.Samples.Count == 0)
            {
                empty++;
                continue;
            }

            var source = $"run {run.Run.RunId}";
            table.AddScore(new FrontierScore(run.Run.ModelId, run.Run.SuiteId, run.Correct / run.Samples.Count, source));
            var (origin, release) = Recorded(run.Run.ConfigJson);
            var (country, org, weights) = OriginText.Parse(origin);
            table.AddFacts(new ModelFacts(run.Run.ModelId, org, country, weights, release, source));
        }

        if (empty > 0) table.AddNote(FrontierNote.Of(FrontierNoteKind.RunsWithoutSamples, empty));
    }

    /// <summary>The origin and release date the runner wrote into the run's config JSON (<c>model.Origin</c>, <c>model.ReleaseDate</c>).</summary>
    internal static (string? Origin, DateOnly? Release) Recorded(string configJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(configJson);
            if (!doc.RootElement.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object) return (null, null);
            string? Text(string name) => model.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (Text("Origin"), FrontierDates.TryParse(Text("ReleaseDate")));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
