using System.CommandLine;
using System.Globalization;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Config;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter arena leaderboard</c>: Bradley–Terry ratings with intervals and Rank(UB).</summary>
internal static class ArenaLeaderboardCommand
{
    public static Command Create()
    {
        var battles = new Option<string?>("--battles") { Description = "Work on this battle file directly (no database)" };
        var anchor = new Option<string?>("--anchor") { Description = "Fix one model's rating, e.g. claude-3-haiku-20240307=1000 (default: mean 1000)" };
        var styleControl = new Option<bool>("--style-control") { Description = "Also show the style-controlled board (length, headers, lists, bold)" };
        var rounds = new Option<int>("--rounds", "--bootstrap") { Description = "Bootstrap rounds", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong>("--seed") { Description = "Bootstrap seed", DefaultValueFactory = _ => 42 };
        var ci = new Option<string>("--ci") { Description = "bootstrap | sandwich", DefaultValueFactory = _ => "bootstrap" }.AcceptOnlyFromAmong("bootstrap", "sandwich");
        var format = CliCommon.FormatOption("table", "json", "md");
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var minBattles = new Option<int>("--min-battles")
        {
            Description = "Models with fewer battles are marked preliminary",
            DefaultValueFactory = _ => ArenaLeaderboardOptions.DefaultMinimumBattles,
        };
        var filters = new ArenaFilterOptions(board: true);
        var command = new Command("leaderboard", "Bradley–Terry leaderboard with confidence intervals and Rank(UB).")
        {
            battles, anchor, styleControl, rounds, seed, ci, minBattles, format, config, db,
        };
        filters.AddTo(command);
        minBattles.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError($"--min-battles must be 0 or more, not {r.GetValueOrDefault<int>()}");
        });
        rounds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"--rounds must be at least 1, not {r.GetValueOrDefault<int>()}");
        });
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var options = new ArenaLeaderboardOptions
            {
                Rounds = parse.GetValue(rounds),
                Seed = parse.GetValue(seed),
                Intervals = parse.GetValue(ci) == "sandwich" ? IntervalMethod.Sandwich : IntervalMethod.Bootstrap,
                StyleControl = parse.GetValue(styleControl),
                MinimumBattles = parse.GetValue(minBattles),
            };
            if (parse.GetValue(anchor) is { } a)
            {
                var eq = a.LastIndexOf('=');
                if (eq <= 0 || !double.TryParse(a[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var rating))
                {
                    await Console.Error.WriteLineAsync($"error: --anchor expects MODEL=RATING, got '{a}'");
                    return ExitCodes.Usage;
                }

                options = options with { AnchorModel = a[..eq], AnchorRating = rating };
            }

            var filter = filters.Read(parse);
            ArenaLeaderboardResult board;
            if (parse.GetValue(battles) is { } path)
            {
                if (!File.Exists(path))
                {
                    await Console.Error.WriteLineAsync($"error: no such file '{path}'");
                    return ExitCodes.Usage;
                }

                var problems = new BattleProblemLog(ArenaCommand.ShownProblems);
                // Straight into the compact table (two model indices and an outcome per battle): no records, no hashing pass.
                var rows = await BattleTableReader.ReadAsync(path, filter, options.StyleControl, problems.Add, cancellationToken: ct);
                await ArenaCommand.ReportProblemsAsync(path, problems);
                if (rows.Count == 0 && problems.Count > 0)
                {
                    await Console.Error.WriteLineAsync($"error: no battle could be read from {path}: all {problems.Count} row(s) were skipped (reasons above)");
                    return ExitCodes.Usage;
                }

                board = ArenaLeaderboard.Compute(rows, options);
            }
            else
            {
                await using var store = await ArenaCommand.OpenAsync(parse.GetValue(config)!, parse.GetValue(db), ct);
                board = await ArenaLeaderboard.ComputeAsync(store, filter, options, ct);
            }

            foreach (var warning in board.Warnings) await Console.Error.WriteLineAsync("warning: " + warning);
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.WriteLine(ArenaLeaderboardWriter.Json(board));
                    break;
                case "md":
                    Console.Write(ArenaLeaderboardWriter.Markdown(board.Rows, "Leaderboard"));
                    if (board.StyleControlled is { } styledMd) Console.Write(ArenaLeaderboardWriter.Markdown(styledMd, "Style-controlled"));
                    break;
                default:
                    Print(board.Rows, $"Arena leaderboard — {board.BattleCount.ToString(CultureInfo.InvariantCulture)} battles, {(options.Intervals == IntervalMethod.Sandwich ? "sandwich" : "bootstrap")} 95% CI");
                    if (board.StyleControlled is { } styled) Print(styled, "Style-controlled (length and markdown held equal)");
                    break;
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    internal static string Ci(ArenaRow r) => ArenaLeaderboardWriter.Interval(r);

    private static void Print(IReadOnlyList<ArenaRow> rows, string title)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumns("Rank (UB)", "Model", "Rating", "95% CI", "Battles", "W / L / T");
        foreach (var c in new[] { 0, 2, 3, 4, 5 }) table.Columns[c].RightAligned();
        foreach (var r in rows)
        {
            table.AddRow(r.RankUb.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Model) + (r.Preliminary ? " [dim](preliminary)[/]" : ""), F(r.Rating), Ci(r),
                r.Battles.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{r.Wins} / {r.Losses} / {r.Ties}"));
        }

        AnsiConsole.Write(table);
    }
}
