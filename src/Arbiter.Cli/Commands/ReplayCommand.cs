using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers.Replay;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Suites;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter replay LOG</c>: Arbiter's scorers re-score the answers a recorded log holds (inspect <c>.eval</c>/<c>.json</c>,
/// lm-eval <c>samples_*.jsonl</c>, promptfoo output JSON); the run is stored as model <c>replay:MODEL</c> and a table shows where Arbiter's
/// verdict and the recorded one differ, item by item.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("log") { Description = "Recorded log: inspect_ai .eval/.json, lm-eval samples_*.jsonl or promptfoo output JSON (promptfoo eval -o out.json)" };
        var suite = new Option<string?>("--suite") { Description = "Suite to replay (file or built-in id); its items are found in the log by id, else by question text. Default: the log's own items" };
        var scorer = new Option<string?>("--scorer") { Description = $"Scorer for the log's own items: {string.Join(" | ", ScorerFactory.Kinds.Where(k => k != "audit"))} (default auto)" };
        var pattern = new Option<string?>("--pattern") { Description = "For --scorer regex: the extraction pattern" };
        var model = new Option<string?>("--model") { Description = "The recorded model: lm-eval samples do not record it (default: their folder name); promptfoo output: the provider to read when it holds several" };
        var show = new Option<int>("--show") { Description = "List at most this many disagreements", DefaultValueFactory = _ => 20 };
        var format = CliCommon.FormatOption("table", "json");
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var command = new Command("replay", "Re-score a recorded log's answers with Arbiter's scorers and show agreement with the recorded scores.")
        {
            file, suite, scorer, pattern, model, show, format, config, db,
        };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            RecordedLog log;
            try
            {
                log = await RecordedLogReader.ReadAsync(parse.GetValue(file)!, parse.GetValue(model), ct);
            }
            catch (LogFormatException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }

            var spec = ScorerOf(parse.GetValue(scorer), parse.GetValue(pattern));
            var replayed = parse.GetValue(suite) is { } reference
                ? SuiteResolver.Resolve([reference], flag: "--suite") is [var s, ..] ? (spec is null ? s : s with { Scorer = spec }) : throw new InputException("--suite", $"'{reference}' names no suite")
                : ReplayRunner.SuiteOf(log, scorer: spec);
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), CliCommon.OptionalConfig(parse, config)?.Run, ct);
            var agreement = await ReplayRunner.RunAsync(store, replayed, new ReplayModel(log), cancellationToken: ct);
            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    agreement.RunId, log = log.File, log.Format, recordedScorer = agreement.RecordedScorer, agreement.Compared, agreement.Agreed,
                    agreement.AgreePercent, agreement.MeanAbsoluteDifference, agreement.Unanswered, agreement.RecordedUnscored, rows = agreement.Rows,
                }, JsonOut.Indented));
                return ExitCodes.Ok;
            }

            Print(agreement, log, replayed, parse.GetValue(show));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static ScorerSpec? ScorerOf(string? kind, string? pattern)
    {
        if (kind is null) return null;
        if (!ScorerFactory.Kinds.Contains(kind)) throw new InputException("--scorer", $"unknown scorer '{kind}' (known: {string.Join(", ", ScorerFactory.Kinds)})");
        if (kind == "regex" && pattern is null) throw new InputException("--pattern", "--scorer regex needs --pattern");
        if (pattern is not null) ScorerFactory.ValidatePattern(pattern, m => new InputException("--pattern", m));
        return new ScorerSpec(kind, pattern);
    }

    private static void Print(ReplayAgreement a, RecordedLog log, Suite suite, int show)
    {
        AnsiConsole.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Replayed {log.Format} log {log.File} ({log.Model}) over suite {suite.Id}: run {a.RunId}.")));
        PrintAgreement(a, show);
    }

    /// <summary>The agreement with the recorded scores and a table of the disagreements (also after <c>arbiter run</c> of a replay model).</summary>
    internal static void PrintAgreement(ReplayAgreement a, int show)
    {
        var console = AnsiConsole.Console;
        console.MarkupLine(Markup.Escape(a.AgreePercent is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"Agreement with the recorded {a.RecordedScorer}: {a.Agreed} of {a.Compared} sample(s), {p:0.0}% (mean |difference| {a.MeanAbsoluteDifference:0.###}).")
            : $"Nothing to compare: no sample has both a recorded score ({a.RecordedScorer}) and an Arbiter score."));
        if (a.Unanswered > 0) console.MarkupLine(Markup.Escape($"{a.Unanswered} sample(s) had no answer to score (not in the log, or the recorded call failed): stored as failed calls."));
        if (a.RecordedUnscored > 0) console.MarkupLine(Markup.Escape($"{a.RecordedUnscored} answered sample(s) have no numeric recorded score."));
        var disagreements = a.Disagreements;
        if (disagreements.Count == 0) return;
        var table = new Table().Border(TableBorder.Rounded).Title($"Disagreements ({disagreements.Count})");
        foreach (var c in new[] { "item", "epoch", "recorded", "arbiter", "answer", "arbiter: extracted / why" }) table.AddColumn(c);
        foreach (var r in disagreements.Take(show))
        {
            table.AddRow(Markup.Escape(r.ItemId), (r.Epoch + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(r.RecordedRaw ?? "–"),
                r.Arbiter?.ToString("0.##", CultureInfo.InvariantCulture) ?? "–", Markup.Escape(Clip(r.Answer ?? "")), Markup.Escape(Clip(r.Extracted is null ? r.Explanation : $"{r.Extracted} — {r.Explanation}")));
        }

        console.Write(table);
        if (disagreements.Count > show) console.MarkupLine(Markup.Escape($"… and {disagreements.Count - show} more (--show N, or --format json for every row)."));
    }

    private static string Clip(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 60 ? flat : flat[..60] + "…";
    }
}
