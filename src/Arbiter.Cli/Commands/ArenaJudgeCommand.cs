using System.CommandLine;
using System.Globalization;
using Arbiter.Cli.Display;
using Arbiter.Engine.Arena.Judge;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Runner;
using Arbiter.Engine.Suites;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter arena judge</c>: Arena-Hard-style LLM-as-judge battles against a baseline.</summary>
internal static class ArenaJudgeCommand
{
    public static Command Create()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var suite = new Option<string>("--suite", "--questions") { Description = "Question suite: id, builtin:ID or path", Required = true };
        var baseline = new Option<string>("--baseline") { Description = "Baseline model id (from the config)", Required = true };
        var judgeModel = new Option<string>("--judge") { Description = "Judge model id (from the config)", Required = true };
        var models = new Option<string[]>("--models", "-m") { Description = "Candidate model ids (default: every other model in the config)", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N questions" };
        var weight = new Option<int>("--strong-weight") { Description = "Rows per strong verdict (A>>B, B>>A)", DefaultValueFactory = _ => 3 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display" };
        var command = new Command("judge", "LLM-as-judge battles against a baseline (two games, positions swapped); scores are BT win rates vs the baseline.")
        {
            config, db, suite, baseline, judgeModel, models, limit, weight, quiet,
        };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var cfg = ConfigLoader.LoadFile(parse.GetValue(config)!);
            var questions = SuiteResolver.Resolve([parse.GetValue(suite)!], flag: "--suite")[0];
            var baseModel = RunCommand.SelectModels(cfg, [parse.GetValue(baseline)!], "--baseline")[0];
            var judge = RunCommand.SelectModels(cfg, [parse.GetValue(judgeModel)!], "--judge")[0];
            var candidates = parse.GetValue(models) is { Length: > 0 } ids
                ? RunCommand.SelectModels(cfg, ids, "--models")
                : cfg.Models.Where(m => m.Id != baseModel.Id && m.Id != judge.Id).ToList();
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), cfg.Run, ct);
            using var clients = new ChatClientFactory();
            var runner = new EvaluationRunner(store, clients);
            var monitor = new RunMonitor();
            var options = new RunOptions(Limit: parse.GetValue(limit) ?? cfg.Run.Limit, Stream: cfg.Run.Stream, Retry: new RetryOptions(cfg.Run.MaxRetries)) { Policy = cfg.Policy, StreamFallback = cfg.Run.StreamFallback };
            var result = await ProgressView.TrackAsync(monitor, parse.GetValue(quiet),
                () => new ArenaJudge(store, runner).RunAsync(questions, baseModel, candidates, judge, options, monitor,
                    new ArenaJudgeOptions(StrongVerdictWeight: parse.GetValue(weight)), ct));

            var table = new Table { Title = new TableTitle(Markup.Escape($"Win rate vs {baseModel.Id} — judge {judge.Id}, {questions.Id}")) };
            table.AddColumns("Model", "Win rate", "95% CI");
            table.Columns[1].RightAligned();
            table.Columns[2].RightAligned();
            foreach (var s in result.Scores)
            {
                table.AddRow(Markup.Escape(s.Model), Pct(s.WinRate), $"{Pct(s.Lower)} – {Pct(s.Upper)}");
            }

            AnsiConsole.Write(table);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Battles.Count} battle row(s) stored; {result.Unparsed.Count} verdict(s) unparsed after one retry; {result.BlockedByPolicy} game(s) blocked by policy; {result.MissingAnswers} game(s) without answers."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Pct(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
