using System.Buffers;
using System.Globalization;
using System.Text;
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
        int count = ItemCount(suite, options);
        var items = count < suite.Items.Count ? SuiteItems.Prefix(suite.Items, count) : suite.Items;
        var epochs = EpochsFor(suite, options);
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

    /// <summary>How many of <paramref name="suite"/>'s items a run under <paramref name="options"/> takes (its first <see cref="RunOptions.Limit"/>).</summary>
    internal static int ItemCount(Suite suite, RunOptions options) => Math.Min(suite.Items.Count, options.Limit ?? int.MaxValue);

    /// <summary>Samples per item of a run of <paramref name="suite"/> under <paramref name="options"/>.</summary>
    internal static int EpochsFor(Suite suite, RunOptions options) => options.Epochs ?? suite.Epochs;

    /// <summary>
    /// The run's configuration as JSON: <c>model</c> (its variable name for the key, never the value), <c>pricing</c>,
    /// <c>suite</c>, <c>stream</c>, <c>streamMode</c> and a rubric suite's judge. Written field by field, byte for byte what
    /// <see cref="JsonSerializer"/> made of the same shape (a test holds them equal): reflection-based serialization cost
    /// 50 ms of a cold start's 80 ms before the first store write, and the writer is already compiled for the hashes.
    /// </summary>
    internal static string DescribeConfig(ModelSpec model, Suite suite, RunOptions options, ModelSpec? judge)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("model");
            w.WriteString("Id", model.Id);
            w.WriteString("Provider", model.Provider);
            w.WriteString("BaseUrl", model.BaseUrl);
            w.WriteString("Model", model.Model);
            w.WriteString("ApiKeyEnv", model.ApiKeyEnv);
            w.WriteString("Jurisdiction", model.Jurisdiction);
            w.WriteString("Origin", model.Origin);
            if (model.ReleaseDate is { } released) w.WriteString("ReleaseDate", released.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            else w.WriteNull("ReleaseDate");
            w.WritePropertyName("Parameters");
            WriteParameters(w, model.Parameters);
            w.WriteEndObject();
            w.WritePropertyName("pricing");
            if (model.Pricing is { } pricing)
            {
                w.WriteStartObject();
                w.WriteNumber("InputPerMillion", pricing.InputPerMillion);
                w.WriteNumber("OutputPerMillion", pricing.OutputPerMillion);
                w.WriteString("Currency", pricing.Currency);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartObject("suite");
            w.WriteString("Id", suite.Id);
            w.WriteString("Version", suite.Version);
            w.WriteString("Title", suite.Title);
            w.WriteString("Domain", suite.Domain);
            w.WriteString("Language", suite.Language);
            w.WriteString("Confidentiality", suite.Confidentiality.ToString());
            w.WriteString("Source", suite.Source);
            w.WriteEndObject();
            w.WriteBoolean("stream", options.Stream);
            w.WriteString("streamMode", RunKeys.StreamModeName(options.StreamMode));
            // A resume grades with the judge the run was made with (RubricJudging.StoredJudge reads it back).
            if (judge is not null) w.WriteString(RubricJudging.ConfigKey, judge.Id);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteParameters(Utf8JsonWriter w, GenerationParameters? p)
    {
        if (p is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        if (p.Temperature is { } t) w.WriteNumber("Temperature", t);
        else w.WriteNull("Temperature");
        if (p.TopP is { } topP) w.WriteNumber("TopP", topP);
        else w.WriteNull("TopP");
        if (p.MaxTokens is { } max) w.WriteNumber("MaxTokens", max);
        else w.WriteNull("MaxTokens");
        if (p.Seed is { } seed) w.WriteNumber("Seed", seed);
        else w.WriteNull("Seed");
        w.WritePropertyName("Stop");
        if (p.Stop is { } stop)
        {
            w.WriteStartArray();
            foreach (var s in stop) w.WriteStringValue(s);
            w.WriteEndArray();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
    }
}
