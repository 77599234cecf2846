using System.CommandLine;
using System.Globalization;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter suites list|validate</c>.</summary>
internal static class SuitesCommand
{
    public static Command Create()
    {
        var command = new Command("suites", "List built-in suites or validate suite files.");
        var list = new Command("list", "List the built-in suites with item counts.");
        list.SetAction(_ =>
        {
            Print(BuiltInSuites.List(), "Built-in suites");
            return ExitCodes.Ok;
        });
        var paths = new Argument<string[]>("paths") { Description = "suite.yaml, folder, .jsonl or .csv files", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check suite files; errors name the file and line. Nothing is sent.") { paths };
        validate.SetAction(parse =>
        {
            var ok = new List<Suite>();
            var failed = 0;
            foreach (var path in parse.GetValue(paths)!)
            {
                try
                {
                    ok.Add(SuiteLoader.Load(path));
                }
                catch (ConfigException ex)
                {
                    Console.Error.WriteLine(ex.Message);
                    failed++;
                }
            }

            if (ok.Count > 0) Print(ok, "Valid suites");
            return failed > 0 ? ExitCodes.Usage : ExitCodes.Ok;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(validate);
        return command;
    }

    private static void Print(IReadOnlyList<Suite> suites, string title)
    {
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
