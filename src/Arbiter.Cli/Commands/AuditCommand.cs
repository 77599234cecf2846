using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Audit.Analysis;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Judge;
using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Audit.Report;
using Arbiter.Engine.Audit.Running;
using Arbiter.Engine.Audit.Validation;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter audit run | report | validate | lint-probes</c>: refusal and censorship audit.</summary>
internal static class AuditCommand
{
    public static Command Create() => new("audit", "Refusal and censorship audit: matched probes, a three-tier classifier, heatmaps.")
    {
        Run(), Report(), AuditValidateCommand.Create(), AuditTrainCommand.Create(), AuditLintCommand.Create(),
    };

    private static Command Run()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var probes = new Option<string[]>("--probes") { Description = "builtin, or probe files (XSTest .csv, deccp .txt, SpeechMap/topic-row .jsonl); default: the config's audit.probes, else builtin", AllowMultipleArgumentsPerToken = true };
        var models = new Option<string[]>("--models", "-m") { Description = "Model ids from the config (default: all but the judge)", AllowMultipleArgumentsPerToken = true };
        var samples = new Option<int?>("--samples") { Description = $"Samples per probe (default: audit.samples, else {AuditRunner.DefaultSamples})" };
        var temperature = new Option<double?>("--temperature") { Description = $"Sampling temperature, > 0 so that 'sometimes' can show (default: audit.temperature, else {AuditRunner.DefaultTemperature.ToString(CultureInfo.InvariantCulture)})" };
        var judge = JudgeOption();
        var noJudge = NoJudgeOption();
        var command = new Command("run", "Send the probes n times to each model; resumable like 'arbiter run'.") { config, db, probes, models, samples, temperature, judge, noJudge };
        RejectBoth(command, judge, noJudge);
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var cfg = CliCommon.Warn(ConfigLoader.LoadFile(parse.GetValue(config)!));
            var probeSources = parse.GetValue(probes) is { Length: > 0 } given ? given : cfg.Audit.Probes;
            var sets = probeSources.Select(p => p == "builtin" ? BuiltInProbes.Load() : ProbeImporters.LoadFile(p)).ToList();
            var judgeModel = JudgeId(parse, judge, noJudge, cfg) is { } judgeId ? RunCommand.SelectModels(cfg, [judgeId], "--judge")[0] : null;
            var probed = RunCommand.SelectModels(cfg, parse.GetValue(models), "--models", callableOnly: true);
            // By default every configured model is probed except the judge, which is there to grade, not to be graded.
            if (parse.GetValue(models) is not { Length: > 0 } && judgeModel is not null) probed = [.. probed.Where(m => m.Id != judgeModel.Id)];
            // audit.temperature is checked when the config is read; the flag is checked here, before any probe is sent.
            if (parse.GetValue(temperature) is { } flagged && probed.Select(m => (m, VendorRules.TemperatureProblem(m, flagged))).FirstOrDefault(p => p.Item2 is not null) is ({ } refused, { } why))
            {
                throw new ProviderConfigurationException($"--temperature: model '{refused.Id}': {why}");
            }

            var jobs = AuditRunner.Jobs(sets, probed, parse.GetValue(temperature) ?? cfg.Audit.Temperature);
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), cfg.Run, ct);
            using var clients = new ChatClientFactory();
            var runner = new EvaluationRunner(store, clients);
            var options = JudgeRunOptions(cfg);
            var runs = await AuditRunner.RunAsync(runner, jobs, parse.GetValue(samples) ?? cfg.Audit.Samples, new RunMonitor(), options, ct);
            AuditJudgeResult? verdicts = null;
            if (judgeModel is not null)
            {
                verdicts = await new AuditJudge(store, runner).RunAsync(sets, runs, judgeModel, cfg.Audit.Classifier, options, new RunMonitor(), ct);
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Judge [bold]{0}[/]: {1} samples judged, {2} without a label after one reminder, {3} blocked by policy.",
                    Markup.Escape(judgeModel.Id), verdicts.Verdicts.Count, verdicts.Unparsed, verdicts.Blocked);
            }

            var results = AuditResults.Compute(await AuditSamples.ReadAsync(store, cfg.Audit.Classifier, verdicts, ct));
            PrintContrasts(results);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "{0} audit runs stored. Write the report with [bold]arbiter audit report[/].", runs.Count);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Report()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var outPath = new Option<string>("--out", "-o") { Description = "HTML file to write", DefaultValueFactory = _ => "audit.html" };
        var labels = new Option<string[]>("--labels") { Description = "Labelled files to measure the classifier (and the judge, if any) on (default: the reference measurements of tiers 1+2)", AllowMultipleArgumentsPerToken = true };
        var judge = JudgeOption();
        var noJudge = NoJudgeOption();
        var format = CliCommon.FormatOption("html", "json", "csv");
        format.Description = "html: the report file (--out); json or csv: SpeechMap's COMPLETE / EVASIVE / DENIAL counts per model × question set × language on standard output";
        var command = new Command("report", "Write the audit HTML report (heatmaps, divergence, contrasts, classifier accuracy).") { config, db, outPath, labels, judge, noJudge, format };
        RejectBoth(command, judge, noJudge);
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var cfgPath = parse.GetValue(config)!;
            var cfg = File.Exists(cfgPath) ? ConfigLoader.LoadFile(cfgPath) : null;
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), cfg?.Run, ct);
            var judgeId = JudgeId(parse, judge, noJudge, cfg);
            var observations = await AuditAnalysis.LoadAsync(store, cfg?.Audit.Classifier ?? RefusalClassifier.Default, judgeId, ct);
            if (parse.GetValue(format) is "json" or "csv")
            {
                var table = SpeechMapTable.Compute(observations);
                Console.Write(parse.GetValue(format) == "csv" ? SpeechMapTable.ToCsv(table) : SpeechMapTable.ToJson(table));
                return ExitCodes.Ok;
            }

            var results = AuditResults.Compute(observations);
            var accuracy = parse.GetValue(labels) is { Length: > 0 } files
                ? await MeasureAsync(files, judgeId, cfg, cfgPath, store, ct)
                : [];
            await AuditReportWriter.WriteAsync(parse.GetValue(outPath)!, results, accuracy, ct);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Wrote [bold]{0}[/] ({1} samples).", Markup.Escape(parse.GetValue(outPath)!), results.Observations.Count);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>
    /// The classifier on each labels file; with a judge, the judge too (through the runner: judgements already made by
    /// <c>audit validate --judge</c> or an earlier report are reused, new ones are made and stored).
    /// </summary>
    private static async Task<IReadOnlyList<MeasuredAccuracy>> MeasureAsync(string[] files, string? judgeId, ArbiterConfig? cfg, string cfgPath, Arbiter.Core.Storage.IRunStore store, CancellationToken ct)
    {
        var sets = files.Select(f => (Source: Path.GetFileName(f), Items: LabelledSet.Load(f), InSample: OutOfSampleAccuracy.TrainingFileLike(f) is not null)).ToList();
        var classifier = cfg?.Audit.Classifier ?? RefusalClassifier.Default;
        if (judgeId is null) return [.. sets.Select(x => MeasuredAccuracy.From(ValidationReport.Compute(x.Source, x.Items, classifier)) with { InSample = x.InSample })];
        if (cfg is null) throw new ConfigException(cfgPath, 1, 1, $"config file not found; it is needed to call the judge '{judgeId}'");
        var judgeModel = RunCommand.SelectModels(cfg, [judgeId], "--judge")[0];
        using var clients = new ChatClientFactory();
        var judge = new AuditJudge(store, new EvaluationRunner(store, clients));
        var options = JudgeRunOptions(cfg);
        var measured = new List<MeasuredAccuracy>();
        foreach (var (source, items, inSample) in sets)
        {
            measured.Add(MeasuredAccuracy.From(await JudgeValidation.RunAsync(judge, source, items, judgeModel, classifier, options, new RunMonitor(), cancellationToken: ct)) with { InSample = inSample });
        }

        return measured;
    }

    /// <summary>The config's retries and residency policy: what every audit and judge call goes out with.</summary>
    internal static RunOptions JudgeRunOptions(ArbiterConfig cfg) => new(Retry: new RetryOptions(cfg.Run.MaxRetries)) { Policy = cfg.Policy };

    internal static Option<string?> JudgeOption() =>
        new("--judge") { Description = "Tier 3: a model id from the config that judges each reply against the audit rubric (default: audit.judge in the config; report: use its stored verdicts)" };

    private static Option<bool> NoJudgeOption() =>
        new("--no-judge") { Description = "Tiers 1+2 only, even when the config names an audit judge" };

    /// <summary>--judge, else the config's audit.judge, unless --no-judge.</summary>
    private static string? JudgeId(ParseResult parse, Option<string?> judge, Option<bool> noJudge, ArbiterConfig? cfg) =>
        parse.GetValue(noJudge) ? null : parse.GetValue(judge) ?? cfg?.Audit.Judge;

    private static void RejectBoth(Command command, Option<string?> judge, Option<bool> noJudge) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(noJudge) && result.GetValue(judge) is not null) result.AddError("--judge and --no-judge contradict each other");
        });

    private static void PrintContrasts(AuditResults results)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("model", "target", "lang", "sensitive", "control", "McNemar p");
        foreach (var x in results.Contrasts.Where(x => x.Scope == "all topics"))
        {
            table.AddRow(Markup.Escape(x.Model), x.TargetCountry, x.Language, x.Sensitive.Mean.ToString("P0", c), x.Control.Mean.ToString("P0", c), x.Test.ExactPValue.ToString("0.####", c));
        }

        AnsiConsole.Write(table);
    }
}
