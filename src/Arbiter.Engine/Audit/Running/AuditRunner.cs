using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Runner;

namespace Arbiter.Engine.Audit.Running;

/// <summary>
/// Runs probe sets through the ordinary <see cref="EvaluationRunner"/>: one suite per language, n
/// samples per probe as epochs (epoch e &gt; 0 sends seed + e, so sampling endpoints re-roll), at a
/// temperature above zero so that "sometimes refuses" can show. Cache and resume come for free.
/// </summary>
public static class AuditRunner
{
    /// <summary>Default samples per probe.</summary>
    public const int DefaultSamples = 3;

    /// <summary>Default sampling temperature.</summary>
    public const double DefaultTemperature = 0.7;

    /// <summary>The jobs for probe sets × models, with the audit's sampling parameters applied to each model.</summary>
    public static IReadOnlyList<RunJob> Jobs(IEnumerable<ProbeSet> sets, IEnumerable<ModelSpec> models, double temperature = DefaultTemperature)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(models);
        var suites = sets.SelectMany(s => s.ToSuites()).ToList();
        return models
            .Select(m => m with { Parameters = m.Parameters with { Temperature = temperature } })
            .SelectMany(m => suites.Select(s => new RunJob(s, m)))
            .ToList();
    }

    /// <summary>Runs the audit; returns the run records.</summary>
    public static Task<IReadOnlyList<RunRecord>> RunAsync(EvaluationRunner runner, IReadOnlyList<RunJob> jobs, int samples, RunMonitor monitor,
        RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var opts = (options ?? new RunOptions()) with { Epochs = samples, Kind = RunKind.AuditProbe };
        return runner.RunAsync(jobs, opts, monitor, cancellationToken);
    }
}
