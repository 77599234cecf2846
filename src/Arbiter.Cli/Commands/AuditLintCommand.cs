using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Arbiter.Engine.Audit.Probes;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter audit lint-probes [FILE…] [--format table|json]</c>: checks that every control differs from its sensitive
/// probe only in the marked slots (no files = the built-in packs). Exit 0 clean, 1 findings, 2 unreadable file.
/// </summary>
internal static class AuditLintCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Topic-row .jsonl pair files (default: the built-in packs)", Arity = ArgumentArity.ZeroOrMore };
        var format = CliCommon.FormatOption("table", "json");
        var command = new Command("lint-probes", "Check that each control differs from its sensitive probe only in the marked slots.") { files, format };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(() =>
        {
            var given = parse.GetValue(files) ?? [];
            var findings = given.Length == 0 ? ProbeLint.LintBuiltIn() : [.. given.SelectMany(ProbeLint.LintFile)];
            var checkedWhat = given.Length == 0 ? "the built-in packs" : string.Join(", ", given);
            if (parse.GetValue(format) == "json") Console.WriteLine(JsonSerializer.Serialize(new { @checked = checkedWhat, findings = findings.Select(Json) }, JsonOut.Indented));
            else Print(checkedWhat, findings);
            return Task.FromResult(findings.Count == 0 ? ExitCodes.Ok : ExitCodes.LintFindings);
        }, ct));
        return command;
    }

    private static object Json(ProbeLintFinding f) => new
    {
        file = f.File, line = f.Line, topic = f.Topic, language = f.Language, kind = Kind(f.Kind), sensitive = f.Sensitive, control = f.Control, message = f.Message,
    };

    private static string Kind(ProbeLintKind kind) => kind switch
    {
        ProbeLintKind.OutsideSlots => "outside-slots",
        ProbeLintKind.SlotMissing => "slot-missing",
        ProbeLintKind.Unmarked => "unmarked",
        _ => "identical",
    };

    private static void Print(string checkedWhat, IReadOnlyList<ProbeLintFinding> findings)
    {
        if (findings.Count == 0)
        {
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[green]Clean:[/] every control in {0} differs from its sensitive probe only in the marked slots.", Markup.Escape(checkedWhat));
            return;
        }

        var table = new Table().AddColumns("file:line", "topic", "lang", "kind", "sensitive", "control");
        foreach (var f in findings)
        {
            table.AddRow(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{f.File}:{f.Line}")), Markup.Escape(f.Topic), f.Language, Kind(f.Kind),
                Markup.Escape(Shown(f.Sensitive)), Markup.Escape(Shown(f.Control)));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[yellow]{0} finding(s)[/] in {1}.", findings.Count, Markup.Escape(checkedWhat));
    }

    private static string Shown(string fragment) => fragment.Length == 0 ? "(nothing)" : fragment;
}
