using System.CommandLine;
using System.Globalization;
using Arbiter.Core.Suites;
using Arbiter.Engine.Suites;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter suites list|validate</c>.</summary>
internal static class SuitesCommand
{
    public static Command Create()
    {
        var command = new Command("suites", "List built-in suites or validate suite files.");
        var listFormat = CliCommon.FormatOption("table", "json");
        var list = new Command("list", "List the built-in suites with item counts.") { listFormat };
        list.SetAction(parse =>
        {
            Print(BuiltInSuites.List(), "Built-in suites", parse.GetValue(listFormat) == "json");
            return ExitCodes.Ok;
        });
        var paths = new Argument<string[]>("paths") { Description = "suite.yaml, folder, .jsonl, .csv, lm-eval task/group YAML or promptfoo config", Arity = ArgumentArity.OneOrMore };
        var validateFormat = CliCommon.FormatOption("table", "json");
        var validate = new Command("validate", "Check suite files (native, GSM8K, MMLU, lm-eval, promptfoo): the detected format, the suites with item counts, and problems with file:line. Nothing is sent.") { paths, validateFormat };
        validate.SetAction(parse =>
        {
            var files = parse.GetValue(paths)!.Select(SuiteFiles.Load).ToList();
            if (parse.GetValue(validateFormat) == "json")
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(files.Select(SuiteFileJson.Of), JsonOut.Indented));
            }
            else
            {
                foreach (var f in files)
                {
                    foreach (var problem in f.Problems) Console.Error.WriteLine(problem.ToString());
                    foreach (var suite in f.Suites)
                    {
                        foreach (var warning in FewShotSelector.Of(suite).Warnings(suite.Items)) Console.Error.WriteLine($"{f.Path}: warning: {suite.Id}: {warning}");
                    }
                }

                var ok = files.SelectMany(f => f.Suites).ToList();
                if (ok.Count > 0) Print(ok, "Valid suites", json: false);
            }

            return files.All(f => f.Ok) ? ExitCodes.Ok : ExitCodes.Usage;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(validate);
        return command;
    }

    private static void Print(IReadOnlyList<Suite> suites, string title, bool json)
    {
        if (json)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(suites.Select(s => new
            {
                s.Id, s.Domain, s.Language, items = s.Items.Count, multipleChoice = s.Items.Count(i => i.Choices is { Count: > 0 }), s.Epochs,
                confidentiality = s.Confidentiality.ToString().ToLowerInvariant(), s.Title,
            }), JsonOut.Indented));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(title);
        foreach (var c in new[] { "id", "domain", "lang", "items", "multiple choice", "other", "epochs", "confidentiality", "title" }) table.AddColumn(c);
        foreach (var s in suites)
        {
            var mc = s.Items.Count(i => i.Choices is { Count: > 0 });
            table.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Domain), s.Language, Inv(s.Items.Count), Inv(mc), Inv(s.Items.Count - mc),
                Inv(s.Epochs), s.Confidentiality.ToString().ToLowerInvariant(), Markup.Escape(s.Title ?? ""));
        }

        table.AddRow("[bold]total[/]", "", "", "[bold]" + Inv(suites.Sum(s => s.Items.Count)) + "[/]", "", "", "", "", "");
        AnsiConsole.Console.Write(table);
    }

    private static string Inv(int n) => n.ToString(CultureInfo.InvariantCulture);
}
