using System.CommandLine;
using System.Globalization;
using System.Text.Json;
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
        var filters = new ArenaFilterOptions();
        var command = new Command("leaderboard", "Bradley–Terry leaderboard with confidence intervals and Rank(UB).")
        {
            battles, anchor, styleControl, rounds, seed, ci, format, config, db,
        };
        filters.AddTo(command);
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
                board = await ArenaLeaderboard.ComputeAsync((IBattleStore)store, filter, options, ct);
            }

            foreach (var warning in board.Warnings) await Console.Error.WriteLineAsync("warning: " + warning);
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.WriteLine(Json(board));
                    break;
                case "md":
                    Console.Write(Markdown(board.Rows, "Leaderboard"));
                    if (board.StyleControlled is { } styledMd) Console.Write(Markdown(styledMd, "Style-controlled"));
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

    // Offsets of the bounds from the rating, each with its own sign: a bound on the "wrong" side of the point (a
    // bootstrap of few battles can put it there) prints "-3.10/-15.61", not "+-3.10/-15.61".
    internal static string Ci(ArenaRow r) => $"{Signed(r.Upper - r.Rating)}/{Signed(r.Lower - r.Rating)}";

    private static string Signed(double offset) => offset.ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture);

    private static void Print(IReadOnlyList<ArenaRow> rows, string title)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumns("Rank (UB)", "Model", "Rating", "95% CI", "Battles", "W / L / T");
        foreach (var c in new[] { 0, 2, 3, 4, 5 }) table.Columns[c].RightAligned();
        foreach (var r in rows)
        {
            table.AddRow(r.RankUb.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Model), F(r.Rating), Ci(r),
                r.Battles.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{r.Wins} / {r.Losses} / {r.Ties}"));
        }

        AnsiConsole.Write(table);
    }

    private static string Markdown(IReadOnlyList<ArenaRow> rows, string title)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("### ").Append(title).Append("\n\n| Rank (UB) | Model | Rating | 95% CI | Battles | W / L / T |\n|---:|---|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {r.RankUb} | {r.Model.Replace("|", "\\|", StringComparison.Ordinal)} | {F(r.Rating)} | {Ci(r)} | {r.Battles} | {r.Wins} / {r.Losses} / {r.Ties} |\n");
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>An array of rows sorted by rating; with style control each row also carries its style-controlled numbers.</summary>
    private static string Json(ArenaLeaderboardResult board)
    {
        var styled = board.StyleControlled?.ToDictionary(r => r.Model, StringComparer.Ordinal);
        var rows = board.Rows.Select(r =>
        {
            var row = new Dictionary<string, object>
            {
                ["model"] = r.Model, ["rating"] = r.Rating, ["lower"] = r.Lower, ["upper"] = r.Upper, ["rank_ub"] = r.RankUb,
                ["battles"] = r.Battles, ["wins"] = r.Wins, ["losses"] = r.Losses, ["ties"] = r.Ties,
            };
            if (styled is not null && styled.TryGetValue(r.Model, out var s))
            {
                row["style_rating"] = s.Rating;
                row["style_lower"] = s.Lower;
                row["style_upper"] = s.Upper;
                row["style_rank_ub"] = s.RankUb;
            }

            return row;
        });
        return JsonSerializer.Serialize(rows, JsonOut.Indented);
    }
}
