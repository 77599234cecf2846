using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Labelling;
using Arbiter.Statistics.Bootstrap;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter labels agreement FILE…</c>: inter-labeller agreement from <c>item,labeller,label</c> CSV files (the workbench's numbers, checkable outside it).</summary>
internal static class LabelsCommand
{
    public static Command Create() => new("labels", "Human labels: agreement between labellers and with the classifier.") { Agreement() };

    private static Command Agreement()
    {
        var files = new Argument<string[]>("files") { Description = "CSV files with the columns item,labeller,label (labeller 'classifier' = the audit classifier, 'adjudicated' = the final label)", Arity = ArgumentArity.OneOrMore };
        var format = CliCommon.FormatOption("table", "json");
        var rounds = new Option<int>("--rounds") { Description = "Bootstrap rounds over items", DefaultValueFactory = _ => 1000 };
        rounds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"--rounds must be at least 1, not {r.GetValueOrDefault<int>()}");
        });
        var seed = new Option<ulong>("--seed") { Description = "Bootstrap seed", DefaultValueFactory = _ => 42 };
        var command = new Command("agreement", "Cohen's κ (two labellers), Fleiss' κ and Krippendorff's α, overall and per label, with bootstrap CIs; each labeller and the classifier against the adjudicated or majority label.")
        {
            files, format, rounds, seed,
        };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(() =>
        {
            var labels = LabelCsv.Load(parse.GetValue(files)!);
            var report = LabelAgreement.Compute(labels, new BootstrapOptions { Rounds = parse.GetValue(rounds), Seed = parse.GetValue(seed) });
            if (parse.GetValue(format) == "json") Console.WriteLine(JsonSerializer.Serialize(LabelAgreementJson.ToJson(report), JsonOut.Indented));
            else Print(report);
            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return command;
    }

    private static void Print(LabelAgreementReport r)
    {
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[bold]{0}[/] items ({1} with two or more labels), labellers: {2}; labels: {3}",
            r.Items, r.PairableItems, Markup.Escape(string.Join(", ", r.Labellers)), Markup.Escape(string.Join(", ", r.Labels)));
        var table = new Table().AddColumns("label", "Cohen's κ", "Fleiss' κ", "Krippendorff's α");
        foreach (var v in r.PerLabel.Prepend(r.Overall))
        {
            table.AddRow(Markup.Escape(v.Label ?? "(all)"), v.CohenKappa is null ? "–" : Cell(v.CohenKappa), Cell(v.FleissKappa), Cell(v.KrippendorffAlpha));
        }

        AnsiConsole.Write(table);
        var vs = new Table().AddColumns("labeller", "items", "agreement", "κ vs " + r.Reference);
        foreach (var a in r.VsReference)
        {
            vs.AddRow(Markup.Escape(a.Labeller), a.Items.ToString(CultureInfo.InvariantCulture),
                double.IsNaN(a.Agreement) ? "–" : a.Agreement.ToString("P1", CultureInfo.InvariantCulture), Cell(a.Kappa));
        }

        AnsiConsole.Write(vs);
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[grey]95 % percentile bootstrap over items, {0} rounds, seed {1}.[/]", r.Rounds, r.Seed);
    }

    private static string Cell(Arbiter.Statistics.Agreement.AgreementEstimate e) => Markup.Escape(Text(e));

    private static string Text(Arbiter.Statistics.Agreement.AgreementEstimate e) =>
        !e.IsDefined ? "undefined"
        : e.Interval is { } ci ? string.Create(CultureInfo.InvariantCulture, $"{e.Value:F3} [{ci.Lower:F3}, {ci.Upper:F3}]")
        : e.Value.ToString("F3", CultureInfo.InvariantCulture);
}
