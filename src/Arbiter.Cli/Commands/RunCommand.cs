using System.CommandLine;
using System.Globalization;
using Arbiter.Cli.Display;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Storage;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.Replay;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Suites;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter run</c>: suites × models from a config, resumable, with a summary table.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var suites = new Option<string[]>("--suite", "-s") { Description = "Suite id, builtin:GLOB or path (repeatable; default: the config's suites)", AllowMultipleArgumentsPerToken = true };
        var models = new Option<string[]>("--model", "-m") { Description = "Model id from the config (repeatable; default: all)", AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int?>("--epochs") { Description = "Samples per item (overrides the suite)" };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N items of each suite" };
        var stream = StreamOption();
        var resume = new Option<string?>("--resume") { Description = "Continue the run with this id" };
        var retryErrors = new Option<bool>("--retry-errors") { Description = "Call again for samples that failed in an earlier invocation (outages, rate limits)" };
        var fresh = new Option<bool>("--fresh") { Description = "Start new runs even if identical ones exist (the cache still answers repeated requests)" };
        var format = CliCommon.FormatOption("table", "json");
        var failUnder = new Option<double?>("--fail-under") { Description = "Exit 1 if any model's accuracy is below this (0–1, or a percentage such as 80)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display" };
        var judge = new Option<string?>("--judge") { Description = "Model id from the config that grades rubric scorers naming no judge (e.g. imported promptfoo llm-rubric asserts); default: run.judge of the config" };
        var cluster = ClusterRun.ClusterOption();
        var databaseUrl = ClusterRun.DatabaseUrlOption();
        var shardSize = ClusterRun.ShardSizeOption();
        var command = new Command("run", "Run benchmark suites against models; re-running the same spec resumes it.")
        {
            config, db, suites, models, epochs, limit, stream, resume, fresh, retryErrors, format, failUnder, quiet, judge, cluster, databaseUrl, shardSize,
        };
        // Checked at parse time, before any file is read or the store opened: a bad value stores nothing (exit 2).
        CliCommon.AtLeast(epochs, 1);
        CliCommon.AtLeast(limit, 1);
        failUnder.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && (double.IsNaN(v) || v < 0 || v > 100)) r.AddError($"--fail-under must be between 0 and 1 (or a percentage up to 100), not {v.ToString(CultureInfo.InvariantCulture)}");
        });
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var cfg = CliCommon.Warn(ConfigLoader.LoadFile(parse.GetValue(config)!));
            var (streamOn, streamAuto) = StreamValue(parse, stream) ?? (cfg.Run.Stream, cfg.Run.StreamFallback);
            var onCluster = parse.GetValue(cluster);
            var url = ClusterRun.Url(parse.GetValue(databaseUrl), onCluster, cfg.Run);
            var options = new RunOptions(parse.GetValue(epochs) ?? cfg.Run.Epochs, parse.GetValue(limit) ?? cfg.Run.Limit,
                streamOn, new RetryOptions(cfg.Run.MaxRetries), parse.GetValue(fresh))
            {
                Policy = cfg.Policy, RetryErrors = parse.GetValue(retryErrors), StreamFallback = streamOn && streamAuto,
                JudgeModels = cfg.Models, RubricJudge = parse.GetValue(judge) ?? cfg.Run.Judge,
            };
            List<RunJob>? jobs = null;
            if (parse.GetValue(resume) is null)
            {
                // Every input is validated before the store is opened: a bad file writes nothing.
                var suiteList = parse.GetValue(suites) is { Length: > 0 } s
                    ? SuiteResolver.Resolve(s, flag: "--suite", warn: WarnSuite)
                    : SuiteResolver.Resolve(cfg.Suites, cfg.Source, warn: WarnSuite);
                var modelList = SelectModels(cfg, parse.GetValue(models));
                jobs = modelList.SelectMany(m => suiteList.Select(su => new RunJob(su, m))).ToList();
                // A rubric judge that is not configured is an input error now, before the store is opened.
                var judges = RubricJudging.ResolveJudges(jobs.Select(j => j.Suite), options);
                if (onCluster && judges.Count > 0) throw new InputException("--cluster", "rubric-scored suites run locally for now (a cluster shard does not call judges); drop --cluster");
                // A shard builds clients from endpoints; a replay model's log is on this machine and has no endpoint.
                if (onCluster && jobs.FirstOrDefault(j => j.Model.IsReplay) is { } replay)
                {
                    throw new InputException("--cluster", $"model '{replay.Model.Id}' replays a recorded log, which runs locally (workers have no copy of the log); drop --cluster");
                }
                // On a cluster the workers hold the keys and build the clients; they report what is missing.
                if (!onCluster)
                {
                    CheckModels(jobs);
                    CheckModels([.. judges.Values.Select(m => new RunJob(jobs[0].Suite, m))]);
                }
            }

            await using var store = url is null ? await CliCommon.OpenStoreAsync(parse.GetValue(db), cfg.Run, ct) : await ClusterRun.OpenStoreAsync(url, ct);
            if (jobs is null) (jobs, options) = await ResumeJobsAsync(store, cfg, parse.GetValue(resume)!, options, ct);

            var json = parse.GetValue(format) == "json";
            var results = onCluster
                ? await ClusterRun.ExecuteAsync(url!, store, jobs, options, parse.GetValue(shardSize), json || parse.GetValue(quiet), ct)
                : await ExecuteAsync(store, jobs, options, json || parse.GetValue(quiet), ct);
            if (json)
            {
                Console.WriteLine(ResultsTable.Json(results, [.. (await ReplayAgreementsAsync(store, results, jobs, ct)).Select(x => x.Agreement)]));
            }
            else
            {
                ResultsTable.Print(results, AnsiConsole.Console);
                foreach (var (r, agreement) in await ReplayAgreementsAsync(store, results, jobs, ct))
                {
                    AnsiConsole.Console.MarkupLine(Markup.Escape($"Replay of {r.Run.ModelId} on {r.Run.SuiteId} (run {r.Run.RunId}):"));
                    ReplayCommand.PrintAgreement(agreement, show: 20);
                }
            }

            if (AllCallsFailed(results))
            {
                await Console.Error.WriteLineAsync("error: every model call of this run failed (no answers); see 'arbiter runs show RUN_ID' for the errors, fix the cause, then re-run with --retry-errors");
                return ExitCodes.AllCallsFailed;
            }

            return CheckThreshold(results, parse.GetValue(failUnder));
        }, ct));
        return command;
    }

    /// <summary><c>--stream [true|false|auto]</c>; a bare <c>--stream</c> is true.</summary>
    internal static Option<string?> StreamOption()
    {
        var option = new Option<string?>("--stream")
        {
            Description = "Stream responses: true (records time to first token), false, or auto (stream where the endpoint can); bare --stream is true",
            Arity = ArgumentArity.ZeroOrOne,
        };
        option.AcceptOnlyFromAmong("true", "false", "auto");
        return option;
    }

    /// <summary>(stream, fall back) from <c>--stream</c>, or null when the flag is absent.</summary>
    internal static (bool Stream, bool Fallback)? StreamValue(ParseResult parse, Option<string?> option) =>
        parse.GetResult(option) is null ? null : parse.GetValue(option) switch
        {
            "false" => (false, false),
            "auto" => (true, true),
            _ => (true, false),
        };

    /// <summary>Calls were made and not one answered: a dead endpoint or a wrong model name must not pass CI as exit 0.</summary>
    internal static bool AllCallsFailed(IReadOnlyList<RunResult> results) =>
        results.Sum(r => r.Samples) > 0 && results.Sum(r => r.Errors) == results.Sum(r => r.Samples);

    /// <summary>Runs jobs with a progress display and returns the results of every run touched.</summary>
    public static async Task<IReadOnlyList<RunResult>> ExecuteAsync(IRunStore store, IReadOnlyList<RunJob> jobs, RunOptions options, bool quiet, CancellationToken ct)
    {
        CheckModels(jobs);
        using var clients = new ChatClientFactory();
        using var logging = CliCommon.Logging();
        var runner = new EvaluationRunner(store, clients, logging: logging);
        return await ExecuteAsync(store, (monitor, token) => runner.RunAsync(jobs, options, monitor, token), quiet, ct);
    }

    /// <summary>Runs <paramref name="execute"/> (local or on a cluster) with a progress display; returns the results of every run touched.</summary>
    internal static async Task<IReadOnlyList<RunResult>> ExecuteAsync(IRunStore store, Func<RunMonitor, CancellationToken, Task<IReadOnlyList<RunRecord>>> execute,
        bool quiet, CancellationToken ct)
    {
        var monitor = new RunMonitor();
        var runs = await ProgressView.TrackAsync(monitor, quiet, () => execute(monitor, ct));
        foreach (var notice in monitor.Notices) await Console.Error.WriteLineAsync($"note: {notice}");
        var results = new List<RunResult>(runs.Count);
        foreach (var run in runs) results.Add(await RunResults.ComputeAsync(store, run, ct));
        return results;
    }

    /// <summary>Runs of replay models: how far Arbiter's scores agree with the recorded ones, item by item (none for other runs).</summary>
    private static async Task<IReadOnlyList<(RunResult Result, ReplayAgreement Agreement)>> ReplayAgreementsAsync(IRunStore store, IReadOnlyList<RunResult> results,
        IReadOnlyList<RunJob> jobs, CancellationToken ct)
    {
        // Only replay runs are read back: a run of a million items must not be loaded whole after it finished.
        var replays = jobs.Where(j => j.Model.IsReplay).Select(j => j.Model.Id).ToHashSet(StringComparer.Ordinal);
        var agreements = new List<(RunResult, ReplayAgreement)>();
        foreach (var r in results.Where(r => replays.Contains(r.Run.ModelId)))
        {
            var samples = await store.ReadSamplesAsync(r.Run.RunId, ct).ToListAsync(ct);
            if (ReplayAgreement.FromSamples(r.Run.RunId, samples) is { } agreement) agreements.Add((r, agreement));
        }

        return agreements;
    }

    /// <summary>Fails before any call when a key variable is missing, a provider is unsupported or a replay log is missing.</summary>
    private static void CheckModels(IReadOnlyList<RunJob> jobs)
    {
        using var clients = new ChatClientFactory();
        foreach (var m in jobs.Select(j => j.Model).DistinctBy(m => m.Id))
        {
            if (m.IsReplay)
            {
                if (!File.Exists(m.ReplayLog)) throw new InputException("models", $"model '{m.Id}' (provider: replay): no log file {m.ReplayLog}");
                continue;
            }

            _ = ChatClientFactory.ResolveApiKey(m);
            clients.Create(m);
        }
    }

    private static async Task<(List<RunJob>, RunOptions)> ResumeJobsAsync(IRunStore store, ArbiterConfig cfg, string runId, RunOptions options, CancellationToken ct)
    {
        var config = cfg.Source ?? "arbiter.yaml";
        var run = await store.GetRunAsync(runId, ct) ?? throw new InputException("--resume", $"no run with id '{runId}' in {store} (see 'arbiter runs list')");
        var model = cfg.FindModel(run.ModelId) ?? throw new InputException("--resume", $"run {runId} used model '{run.ModelId}', which is not in {config}");
        // A replay run is identified by its log's content: plan it with the log read.
        if (model.IsReplay) model = (await ReplaySource.LoadAsync(model, ct)).Spec;
        var suite = SuiteResolver.Resolve(cfg.Suites, cfg.Source).FirstOrDefault(s => s.Id == run.SuiteId)
            ?? BuiltInSuites.List().FirstOrDefault(s => s.Id == run.SuiteId)
            ?? throw new InputException("--resume", $"run {runId} used suite '{run.SuiteId}', which {config} cannot find");
        // A run keeps the streaming mode it was made with; asking for another one is said, not silently dropped.
        var mode = RunKeys.StreamModeOf(run.ConfigJson);
        if (mode != options.StreamMode)
        {
            await Console.Error.WriteLineAsync($"note: run {runId} was made with stream: {RunKeys.StreamModeName(mode)} and is resumed that way " +
                $"(stream: {RunKeys.StreamModeName(options.StreamMode)} is ignored); run without --resume to start a run with stream: {RunKeys.StreamModeName(options.StreamMode)}");
        }

        // A rubric-graded run keeps the judge it was made with, whatever --judge or run.judge say now.
        var judgeId = RubricJudging.StoredJudge(run.ConfigJson);
        var judge = judgeId is null ? null
            : cfg.FindModel(judgeId) ?? throw new InputException("--resume", $"run {runId} was graded by judge '{judgeId}', which is not in {config}");
        if (judgeId is not null && options.RubricJudge is { } asked && asked != judgeId)
        {
            await Console.Error.WriteLineAsync($"note: run {runId} was graded by judge '{judgeId}' and is resumed with it (judge '{asked}' is ignored); run without --resume to grade with '{asked}'");
        }

        var resumed = options with
        {
            Epochs = run.Epochs, Limit = run.ItemCount, Fresh = false, RunId = run.RunId, Stream = mode != StreamMode.Off, StreamFallback = mode == StreamMode.Auto,
            RubricJudge = judgeId ?? options.RubricJudge,
        };
        // The same plan a new run would make (RunPlan): the identity must still match what the run was made with.
        if (RunPlan.For(new RunJob(suite, model), resumed, 0, judge).Run.SpecHash != run.SpecHash)
        {
            throw new InputException("--resume", $"the suite or model settings in {config} changed since run {runId} was created; start a new run instead");
        }

        return ([new RunJob(suite, model)], resumed);
    }

    /// <summary>
    /// The models named by <paramref name="flag"/> (default: every model of the config; with <paramref name="callableOnly"/>,
    /// every model but those that replay a recorded log, which only <c>arbiter run</c> can use).
    /// </summary>
    internal static List<ModelSpec> SelectModels(ArbiterConfig cfg, string[]? ids, string flag = "--model", bool callableOnly = false)
    {
        if (ids is not { Length: > 0 }) return [.. cfg.Models.Where(m => !callableOnly || !m.IsReplay)];
        return ids.Select(id => cfg.FindModel(id) ?? throw new InputException(flag,
            $"unknown model '{id}'; {cfg.Source ?? "the config"} defines: {string.Join(", ", cfg.Models.Select(m => m.Id))}")).ToList();
    }

    internal static int CheckThreshold(IReadOnlyList<RunResult> results, double? threshold)
    {
        if (threshold is not { } t) return ExitCodes.Ok;
        if (t > 1) t /= 100;
        var failing = results.GroupBy(r => r.Run.ModelId)
            .Select(g => (Model: g.Key, Acc: RunResults.Pool([.. g]).Mean))
            .Where(x => x.Acc < t).ToList();
        foreach (var (model, acc) in failing)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fail-under: {model} scored {acc:P1}, below {t:P1}"));
        }

        return failing.Count > 0 ? ExitCodes.BelowThreshold : ExitCodes.Ok;
    }

    // An imported suite that loads but not as its own tool runs it (a multiple-choice task made generative) says so before the run.
    private static void WarnSuite(SuiteProblem problem) => Console.Error.WriteLine(problem.ToString());
}
