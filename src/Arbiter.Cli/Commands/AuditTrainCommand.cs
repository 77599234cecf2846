using System.CommandLine;
using System.Globalization;
using Arbiter.Engine.Audit.Training;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter audit train --data FILE… --out MODEL [--seed N] [--folds N] [--card FILE.md]</c>: trains the register
/// model, prints its grouped cross-validation figures, writes the model, its card (MODEL.card.json) and optionally
/// a Markdown card.
/// </summary>
internal static class AuditTrainCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Labelled files: XSTest or text,label CSV, SpeechMap or Arbiter-corpus JSONL (.gz)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Model file to write (a zip of the featurizer settings and weights); the card goes next to it as MODEL.card.json", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the trainer", DefaultValueFactory = _ => new RegisterModelOptions().Seed };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds; groups (models, files, personas) are dealt into them, never split. 0 skips the measurement", DefaultValueFactory = _ => 10 };
        var card = new Option<string?>("--card") { Description = "Also write the card as Markdown to this file (e.g. docs/audit-model.md)" };
        var command = new Command("train", "Train the audit's register model on labelled replies and measure it out of sample (grouped cross-validation).") { data, output, seed, folds, card };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(() =>
        {
            var files = parse.GetValue(data)!;
            var foldCount = parse.GetValue(folds);
            if (foldCount is < 0 or 1)
            {
                Console.Error.WriteLine("error: --folds must be 0 (no measurement) or at least 2");
                return Task.FromResult(ExitCodes.Usage);
            }

            var options = new RegisterModelOptions { Seed = parse.GetValue(seed) };
            var progress = new Progress<string>(line => Console.Error.WriteLine(line));
            var trained = AuditTrainer.Train(files, options, foldCount, progress, ct);
            var path = parse.GetValue(output)!;
            var written = AuditTrainer.Save(trained, path) with
            {
                Command = $"arbiter audit train --data {string.Join(' ', files)} --out {path} --seed {options.Seed} --folds {foldCount}"
                    + (parse.GetValue(card) is { } cardPath ? $" --card {cardPath}" : ""),
            };
            File.WriteAllText(path + ".card.json", written.ToJson());
            if (parse.GetValue(card) is { } md) File.WriteAllText(md, written.ToMarkdown(Path.GetFileName(path)));
            Print(written);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Model written to [bold]{0}[/] ({1:N0} bytes), card to {0}.card.json.", Markup.Escape(path), written.ModelBytes);
            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return command;
    }

    /// <summary>The held-out table of a card (also printed by <c>audit validate</c> for the shipped model).</summary>
    public static void Print(ModelCard card)
    {
        if (card.HeldOut.Count == 0)
        {
            AnsiConsole.MarkupLine("No cross-validation ran (--folds 0): this model has no out-of-sample figures.");
            return;
        }

        var table = new Table().AddColumns("slice", "lang", "held out by", "n", "accuracy", "balanced", "recall", "specificity", "median rate err", "max rate err", "classifier bal.");
        table.Title = new TableTitle($"Out of sample: grouped cross-validation, {card.Folds} folds");
        foreach (var m in card.HeldOut)
        {
            table.AddRow(Markup.Escape(m.Slice), m.Language ?? "–", m.HeldOutBy, m.Count.ToString(CultureInfo.InvariantCulture),
                Pct(m.Accuracy), Pct(m.BalancedAccuracy), Pct(m.Recall), Pct(m.Specificity), Pts(m.MedianRateError), Pts(m.MaxRateError), Pct(m.ClassifierBalancedAccuracy));
        }

        AnsiConsole.Write(table);
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : v.ToString("P1", CultureInfo.InvariantCulture);

    private static string Pts(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " pt";
}
