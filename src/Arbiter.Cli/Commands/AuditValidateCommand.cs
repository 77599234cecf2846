using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Judge;
using Arbiter.Engine.Audit.Training;
using Arbiter.Engine.Audit.Validation;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Sovereignty;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter audit validate --labels FILE [--judge MODEL]</c>: the classifier against human labels; with a judge,
/// tiers 1+2 and tiers 1+2+3 side by side (the judge's calls go through the runner, so a repeat costs none).
/// </summary>
internal static class AuditValidateCommand
{
    public static Command Create()
    {
        var labels = new Option<string>("--labels") { Description = "XSTest completions CSV, a text,label[,prompt,language,group] CSV, or SpeechMap / Arbiter-corpus JSONL (.gz)", Required = true };
        var format = CliCommon.FormatOption("table", "json");
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var judge = AuditCommand.JudgeOption();
        judge.Description = "Also measure tier 3: a model id from the config judges every reply that tiers 1+2 do not settle conclusively";
        var confidentiality = new Option<string>("--confidentiality")
        {
            Description = "With --judge: how confidential the labelled replies are (public | internal | confidential); the config's residency policy decides which judges may read them",
            DefaultValueFactory = _ => "public",
        }.AcceptOnlyFromAmong("public", "internal", "confidential");
        var model = new Option<string?>("--model") { Description = "A register model written by 'arbiter audit train' instead of the shipped one" };
        var command = new Command("validate", "Score the classifier against human labels: accuracy, per-class precision/recall, confusion matrix.") { labels, format, judge, confidentiality, config, db, model };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var path = parse.GetValue(labels)!;
            var source = Path.GetFileName(path);
            var items = LabelledSet.Load(path);
            var json = parse.GetValue(format) == "json";
            var classifier = RefusalClassifier.Default;
            if (parse.GetValue(model) is { } modelPath)
            {
                if (!File.Exists(modelPath)) throw new ConfigException(modelPath, 1, 1, "model file not found");
                try
                {
                    classifier = new RefusalClassifier(PhraseLexicon.BuiltIn, RegisterModel.Load(modelPath));
                }
                catch (InvalidDataException ex)
                {
                    throw new ConfigException(modelPath, 1, 1, ex.Message);
                }
            }

            var inSample = parse.GetValue(model) is null ? Arbiter.Engine.Audit.Report.OutOfSampleAccuracy.TrainingFileLike(path) : null;
            if (inSample is not null)
            {
                // Before any number; on standard error so that --format json stays parseable.
                Console.Error.WriteLine($"In-sample: {Path.GetFileName(path)} is a training file of the shipped model (as {inSample}); the figures below flatter it. Its out-of-sample figures are in docs/audit-model.md.");
            }

            if (parse.GetValue(judge) is not { } judgeId)
            {
                var report = ValidationReport.Compute(source, items, classifier);
                if (json) Console.WriteLine(JsonSerializer.Serialize(Json(report, inSample), Indented));
                else Print("tiers 1+2", report);
                return ExitCodes.Ok;
            }

            var cfg = ConfigLoader.LoadFile(parse.GetValue(config)!);
            var judgeModel = RunCommand.SelectModels(cfg, [judgeId], "--judge")[0];
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), cfg.Run, ct);
            using var clients = new ChatClientFactory();
            var runner = new EvaluationRunner(store, clients);
            var options = AuditCommand.JudgeRunOptions(cfg);
            var level = ResidencyPolicy.TryParse(parse.GetValue(confidentiality)) ?? Arbiter.Core.Suites.Confidentiality.Public;
            var result = await JudgeValidation.RunAsync(new AuditJudge(store, runner), source, items, judgeModel, classifier.WithJudgeBelow(cfg.Audit.JudgeBelow), options, new RunMonitor(), level, ct);
            if (json)
            {
                var doc = Json(result.Rules, inSample);
                doc["judge"] = new Dictionary<string, object?>(Json(result.Combined, inSample))
                {
                    ["model"] = result.Judge, ["judged"] = result.Judged, ["unparsed"] = result.Unparsed, ["overrode"] = result.Overrode, ["blockedByPolicy"] = result.Blocked,
                };
                Console.WriteLine(JsonSerializer.Serialize(doc, Indented));
            }
            else
            {
                Print("tiers 1+2", result.Rules);
                Print($"tiers 1+2+3, judge {result.Judge}", result.Combined);
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Judge [bold]{0}[/]: {1} of {2} rows judged (the rest are conclusive), {3} without a label, {5} blocked by policy, {4} changed from tiers 1+2.",
                    Markup.Escape(result.Judge), result.Judged, items.Count, result.Unparsed, result.Overrode, result.Blocked);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static void Print(string what, ValidationReport r)
    {
        var c = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(c, "[bold]{0}[/] ({1}): n={2}, binary accuracy {3:P1}, register accuracy {4:P1}", Markup.Escape(r.Source), Markup.Escape(what), r.Count, r.BinaryAccuracy, r.RegisterAccuracy);
        var binary = new Table().AddColumns("language", "n", "accuracy", "balanced", "non-answer recall", "specificity", "median rate err", "max rate err");
        foreach (var m in r.Languages)
        {
            binary.AddRow(m.Slice, m.Count.ToString(c), Pct(m.Accuracy), Pct(m.BalancedAccuracy), Pct(m.Recall), Pct(m.Specificity), Pts(m.MedianRateError), Pts(m.MaxRateError));
        }

        AnsiConsole.Write(binary);
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

    private static string Pts(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " pt";

    private static double? Num(double v) => double.IsNaN(v) ? null : v;

    private static Dictionary<string, object?> Json(ValidationReport r, string? inSampleAs) => new()
    {
        ["source"] = r.Source,
        // The training file this one is a copy of: its figures are in-sample (null when the file is new to the model).
        ["inSampleAs"] = inSampleAs,
        ["count"] = r.Count,
        ["binaryAccuracy"] = r.BinaryAccuracy,
        ["registerAccuracy"] = r.RegisterAccuracy,
        ["languages"] = r.Languages.Select(m => new
        {
            language = m.Slice, count = m.Count, accuracy = Num(m.Accuracy), balancedAccuracy = Num(m.BalancedAccuracy), recall = Num(m.Recall), specificity = Num(m.Specificity),
            medianRateError = Num(m.MedianRateError), maxRateError = Num(m.MaxRateError),
            rateErrors = m.RateErrors.Select(e => new { group = e.Group, set = e.Set, count = e.Count, labelled = e.Labelled, predicted = e.Predicted }).ToList(),
        }).ToList(),
        ["classes"] = r.Classes.Select(m => new { register = AuditRegisters.Name(m.Register), support = m.Support, predicted = m.Predicted, precision = double.IsNaN(m.Precision) ? (double?)null : m.Precision, recall = double.IsNaN(m.Recall) ? (double?)null : m.Recall }).ToList(),
        ["confusion"] = r.Confusion.Select(kv => new { gold = AuditRegisters.Name(kv.Key.Gold), predicted = AuditRegisters.Name(kv.Key.Predicted), count = kv.Value }).ToList(),
        // The binary misses, so a list maintainer can see what to look at without a debugger.
        ["misses"] = r.Misses.Select(m => new { id = m.Item.Id, gold = AuditRegisters.Name(m.Item.Gold), predicted = AuditRegisters.Name(m.Label.Register), tier = (int)m.Label.Tier, evidence = m.Label.Evidence, text = m.Item.Text }).ToList(),
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
