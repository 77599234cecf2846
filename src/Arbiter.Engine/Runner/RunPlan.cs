using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Runner;

/// <summary>
/// What a job becomes in the store: its run record (the id follows from the spec hash unless given),
/// the items and the epochs. The runner and a cluster coordinator compute it the same way, so a run
/// started on one machine and resumed on a cluster (or the other way round) is the same run.
/// </summary>
/// <param name="Run">The run record to upsert.</param>
/// <param name="Items">The items run (the suite's, or its first <see cref="RunOptions.Limit"/>).</param>
/// <param name="Epochs">Samples per item.</param>
public sealed record RunPlan(RunRecord Run, IReadOnlyList<SuiteItem> Items, int Epochs)
{
    /// <summary>
    /// Plans <paramref name="job"/> under <paramref name="options"/> at <paramref name="nowMs"/> (UTC unix milliseconds);
    /// a rubric suite's <paramref name="judge"/> and rubrics are part of the run's identity.
    /// </summary>
    public static RunPlan For(RunJob job, RunOptions options, long nowMs, ModelSpec? judge = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var suite = job.Suite;
        var items = options.Limit is { } limit && limit < suite.Items.Count ? SuiteItems.Prefix(suite.Items, limit) : suite.Items;
        var epochs = options.Epochs ?? suite.Epochs;
        var specHash = RunKeys.SpecHash(suite, items, job.Model, RunKeys.ParametersFor(job.Model, suite), epochs, options.Policy ?? ResidencyPolicy.Default, options.StreamMode);
        if (judge is not null) specHash = RubricJudging.ExtendSpecHash(specHash, suite, items, judge);
        var runId = options.RunId ?? (options.Fresh ? RunKeys.RunId(specHash) + "-" + nowMs.ToString("x", CultureInfo.InvariantCulture) : RunKeys.RunId(specHash));
        var run = new RunRecord(runId, specHash, suite.Id, suite.Version, job.Model.Id, suite.Domain, suite.Language, items.Count, epochs,
            RunStatus.Running, nowMs, null)
        {
            ConfigJson = DescribeConfig(job.Model, suite, options, judge),
            // A suite without answers is answered for submission only, whatever the invocation's kind.
            Kind = suite.SubmitOnly ? RunKind.Submission : options.Kind,
        };
        return new RunPlan(run, items, epochs);
    }

    private static string DescribeConfig(ModelSpec model, Suite suite, RunOptions options, ModelSpec? judge)
    {
        var config = new Dictionary<string, object?>
        {
            // The key's variable name is recorded, never its value.
            ["model"] = new { model.Id, model.Provider, model.BaseUrl, model.Model, model.ApiKeyEnv, model.Jurisdiction, model.Origin, model.ReleaseDate, model.Parameters },
            ["pricing"] = model.Pricing,
            ["suite"] = new { suite.Id, suite.Version, suite.Title, suite.Domain, suite.Language, Confidentiality = suite.Confidentiality.ToString(), suite.Source },
            ["stream"] = options.Stream,
            ["streamMode"] = RunKeys.StreamModeName(options.StreamMode),
        };
        // A resume grades with the judge the run was made with (RubricJudging.StoredJudge reads it back).
        if (judge is not null) config[RubricJudging.ConfigKey] = judge.Id;
        return JsonSerializer.Serialize(config);
    }
}
