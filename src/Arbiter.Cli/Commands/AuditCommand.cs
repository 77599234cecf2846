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

/// <summary><c>arbiter audit run | report | validate</c>: refusal and censorship audit.</summary>
internal static class AuditCommand
{
    public static Command Create() => new("audit", "Refusal and censorship audit: matched probes, a three-tier classifier, heatmaps.")
    {
        Run(), Report(), Validate(),
    };

    private static Command Run()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var probes = new Option<string[]>("--probes") { Description = "builtin, or probe files (XSTest .csv, deccp .txt, SpeechMap/topic-row .jsonl)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["builtin"] };
        var models = new Option<string[]>("--models", "-m") { Description = "Model ids from the config (default: all)", AllowMultipleArgumentsPerToken = true };
        var samples = new Option<int>("--samples") { Description = "Samples per probe", DefaultValueFactory = _ => AuditRunner.DefaultSamples };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (> 0 so that 'sometimes' can show)", DefaultValueFactory = _ => AuditRunner.DefaultTemperature };
        var judge = JudgeOption();
        var command = new Command("run", "Send the probes n times to each model; resumable like 'arbiter run'.") { config, db, probes, models, samples, temperature, judge };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var cfg = ConfigLoader.LoadFile(parse.GetValue(config)!);
            var sets = parse.GetValue(probes)!.Select(p => p == "builtin" ? BuiltInProbes.Load() : ProbeImporters.LoadFile(p)).ToList();
            var judgeModel = parse.GetValue(judge) is { } judgeId ? RunCommand.SelectModels(cfg, [judgeId])[0] : null;
            var probed = RunCommand.SelectModels(cfg, parse.GetValue(models));
            // By default every configured model is probed except the judge, which is there to grade, not to be graded.
            if (parse.GetValue(models) is not { Length: > 0 } && judgeModel is not null) probed = [.. probed.Where(m => m.Id != judgeModel.Id)];
            var jobs = AuditRunner.Jobs(sets, probed, parse.GetValue(temperature));
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), cfg.Run, ct);
            using var clients = new ChatClientFactory();
            var runner = new EvaluationRunner(store, clients);
            var options = new RunOptions(Retry: new RetryOptions(cfg.Run.MaxRetries)) { Policy = cfg.Policy };
            var runs = await AuditRunner.RunAsync(runner, jobs, parse.GetValue(samples), new RunMonitor(), options, ct);
            AuditJudgeResult? verdicts = null;
            if (judgeModel is not null)
            {
                verdicts = await new AuditJudge(store, runner).RunAsync(sets, runs, judgeModel, RefusalClassifier.Default, options, new RunMonitor(), ct);
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Judge [bold]{0}[/]: {1} samples judged, {2} without a label after one reminder.",
                    Markup.Escape(judgeModel.Id), verdicts.Verdicts.Count, verdicts.Unparsed);
            }

            var results = AuditResults.Compute(await AuditSamples.ReadAsync(store, RefusalClassifier.Default, verdicts, ct));
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
        var labels = new Option<string[]>("--labels") { Description = "Labelled files to measure the classifier on (default: the reference measurements)", AllowMultipleArgumentsPerToken = true };
        var judge = JudgeOption();
        var command = new Command("report", "Write the audit HTML report (heatmaps, divergence, contrasts, classifier accuracy).") { config, db, outPath, labels, judge };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var cfgPath = parse.GetValue(config)!;
            var run = File.Exists(cfgPath) ? ConfigLoader.LoadFile(cfgPath).Run : null;
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), run, ct);
            var verdicts = parse.GetValue(judge) is { } judgeId ? await AuditJudge.ReadStoredAsync(store, judgeId, ct) : null;
            var results = AuditResults.Compute(await AuditSamples.ReadAsync(store, RefusalClassifier.Default, verdicts, ct));
            var accuracy = parse.GetValue(labels) is { Length: > 0 } files
                ? files.Select(f => MeasuredAccuracy.From(ValidationReport.Compute(Path.GetFileName(f), LabelledSet.Load(f), RefusalClassifier.Default))).ToList()
                : MeasuredAccuracy.Reference;
            await AuditReportWriter.WriteAsync(parse.GetValue(outPath)!, results, accuracy, ct);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Wrote [bold]{0}[/] ({1} samples).", Markup.Escape(parse.GetValue(outPath)!), results.Observations.Count);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Option<string?> JudgeOption() =>
        new("--judge") { Description = "Tier 3: a model id from the config that judges each reply against the audit rubric (report: use its stored verdicts)" };

    private static Command Validate()
    {
        var labels = new Option<string>("--labels") { Description = "XSTest completions CSV or a text,label CSV", Required = true };
        var format = CliCommon.FormatOption("table", "json");
        var command = new Command("validate", "Score classifier tiers 1+2 against human labels.") { labels, format };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(() =>
        {
            var path = parse.GetValue(labels)!;
            var report = ValidationReport.Compute(Path.GetFileName(path), LabelledSet.Load(path), RefusalClassifier.Default);
            if (parse.GetValue(format) == "json") Console.WriteLine(Json(report));
            else PrintValidation(report);
            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return command;
    }

    private static void PrintValidation(ValidationReport r)
    {
        var c = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(c, "[bold]{0}[/]: n={1}, binary accuracy {2:P1}, register accuracy {3:P1}", Markup.Escape(r.Source), r.Count, r.BinaryAccuracy, r.RegisterAccuracy);
        var classes = new Table().AddColumns("register", "support", "predicted", "precision", "recall");
        foreach (var m in r.Classes) classes.AddRow(AuditRegisters.Name(m.Register), m.Support.ToString(c), m.Predicted.ToString(c), Pct(m.Precision), Pct(m.Recall));
        AnsiConsole.Write(classes);
        var registers = r.Classes.Select(m => m.Register).ToList();
        var confusion = new Table().AddColumn("gold \\ predicted");
        foreach (var p in registers) confusion.AddColumn(AuditRegisters.Name(p));
        foreach (var g in registers) confusion.AddRow([AuditRegisters.Name(g), .. registers.Select(p => r.Confusion.GetValueOrDefault((g, p)).ToString(c))]);
        AnsiConsole.Write(confusion);
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : v.ToString("P1", CultureInfo.InvariantCulture);

    private static string Json(ValidationReport r) => JsonSerializer.Serialize(new
    {
        source = r.Source,
        count = r.Count,
        binaryAccuracy = r.BinaryAccuracy,
        registerAccuracy = r.RegisterAccuracy,
        classes = r.Classes.Select(m => new { register = AuditRegisters.Name(m.Register), support = m.Support, predicted = m.Predicted, precision = double.IsNaN(m.Precision) ? (double?)null : m.Precision, recall = double.IsNaN(m.Recall) ? (double?)null : m.Recall }),
        confusion = r.Confusion.Select(kv => new { gold = AuditRegisters.Name(kv.Key.Gold), predicted = AuditRegisters.Name(kv.Key.Predicted), count = kv.Value }),
        // The binary misses, so a list maintainer can see what to look at without a debugger.
        misses = r.Misses.Select(m => new { id = m.Item.Id, gold = AuditRegisters.Name(m.Item.Gold), predicted = AuditRegisters.Name(m.Label.Register), tier = (int)m.Label.Tier, evidence = m.Label.Evidence, text = m.Item.Text }),
    }, Indented);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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
