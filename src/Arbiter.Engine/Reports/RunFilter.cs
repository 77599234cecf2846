using Arbiter.Core.Runs;
using Arbiter.Core.Storage;

namespace Arbiter.Engine.Reports;

/// <summary>
/// Which runs a report or comparison covers: explicit run ids (or <c>all</c>), narrowed by model,
/// suite, domain and language. When several runs share model and suite, only the newest is kept
/// (a re-run supersedes an old one), unless it was named explicitly. Runs Arbiter makes itself — refusal-audit probes
/// and judge calls, told by <see cref="RunRecord.Kind"/> and never by the suite's name — are not benchmark results:
/// "every run" leaves them out, naming them (by run id, <see cref="Suites"/> or the <c>audit</c> domain) brings them in.
/// </summary>
public sealed record RunFilter
{
    /// <summary>True for the runs Arbiter makes itself (audit probes, judge calls), which "all runs" leaves out.</summary>
    public static bool IsGenerated(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Kind != RunKind.Benchmark;
    }

    /// <summary>Run ids; empty or containing <c>all</c> means every stored run.</summary>
    public IReadOnlyList<string> RunIds { get; init; } = [];

    /// <summary>Keep only these models (empty: all).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Keep only these suite ids (empty: all).</summary>
    public IReadOnlyList<string> Suites { get; init; } = [];

    /// <summary>Keep only these domains (empty: all).</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>Keep only these languages (empty: all).</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    private bool AllRuns => RunIds.Count == 0 || RunIds.Contains("all", StringComparer.OrdinalIgnoreCase);

    /// <summary>Loads the selected runs with their samples, ordered by model, suite and run id.</summary>
    /// <exception cref="KeyNotFoundException">A named run id does not exist.</exception>
    public async Task<IReadOnlyList<RunData>> LoadAsync(IRunStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var runs = new List<RunRecord>();
        if (AllRuns)
        {
            await foreach (var r in store.ListRunsAsync(cancellationToken).ConfigureAwait(false)) runs.Add(r);
            // Newest first from the store: keep the first of each (model, suite).
            runs = [.. runs.GroupBy(r => (r.ModelId, r.SuiteId)).Select(g => g.OrderByDescending(r => r.CreatedAtMs).ThenBy(r => r.RunId, StringComparer.Ordinal).First())];
        }
        else
        {
            foreach (var id in RunIds.Distinct(StringComparer.Ordinal))
            {
                runs.Add(await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? throw new KeyNotFoundException($"no run with id '{id}' (see 'arbiter runs list')"));
            }
        }

        var selected = runs.Where(Matches).OrderBy(r => r.ModelId, StringComparer.Ordinal).ThenBy(r => r.SuiteId, StringComparer.Ordinal)
            .ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
        var result = new List<RunData>(selected.Count);
        foreach (var run in selected)
        {
            var samples = new List<SampleRecord>();
            await foreach (var s in store.ReadSamplesAsync(run.RunId, cancellationToken).ConfigureAwait(false)) samples.Add(s);
            result.Add(new RunData(run, samples));
        }

        return result;
    }

    private bool Matches(RunRecord r) =>
        In(Models, r.ModelId) && In(Suites, r.SuiteId) && In(Domains, r.Domain) && In(Languages, r.Language) && (!AllRuns || Wanted(r));

    // A generated run counts only when asked for by suite or domain; an explicit run id is always honoured.
    private bool Wanted(RunRecord r) => !IsGenerated(r) || Suites.Contains(r.SuiteId, StringComparer.Ordinal) || Domains.Contains(r.Domain, StringComparer.Ordinal);

    private static bool In(IReadOnlyList<string> allowed, string value) => allowed.Count == 0 || allowed.Contains(value, StringComparer.Ordinal);
}
