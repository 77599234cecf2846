using System.CommandLine;
using System.Globalization;
using Arbiter.Engine.Frontier;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter leaderboard --by country</c>: each group's best model, its rank among all models, and the group's mean.</summary>
internal static class LeaderboardCommand
{
    public static Command Create()
    {
        var input = new FrontierInput();
        var by = FrontierInput.GroupOption("--by");
        var format = CliCommon.FormatOption("table", "json", "csv");
        var command = new Command("leaderboard", "Benchmark scores by country, organisation or open/closed weights: \"the best RU model ranks 12th of 44\".") { format };
        input.AddTo(command, by);
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            if (await input.LoadAsync(parse, ct) is not { } table) return ExitCodes.Usage;
            IReadOnlyList<GroupRankRow> rows;
            try
            {
                rows = GroupRanking.Compute(table, FrontierInput.Grouping(parse.GetValue(by)!), input.AsOfDate(parse), parse.GetValue(input.Benchmarks) ?? []);
            }
            catch (FrontierInputException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }

            foreach (var note in table.Notes) await Console.Error.WriteLineAsync("note: " + note);
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.WriteLine(FrontierWriter.Json(rows));
                    break;
                case "csv":
                    Console.Write(FrontierWriter.Csv(rows));
                    break;
                default:
                    Print(rows, parse.GetValue(by)!);
                    break;
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static void Print(IReadOnlyList<GroupRankRow> rows, string by)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape($"Best model per {by}: rank among all models")) };
        table.AddColumns("Benchmark", by, "Best model", "Score", "Rank", "Models", "Mean", "95% CI");
        foreach (var c in new[] { 3, 4, 5, 6, 7 }) table.Columns[c].RightAligned();
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Benchmark), Markup.Escape(r.Group), Markup.Escape(r.BestModel), F(r.BestScore),
                string.Create(CultureInfo.InvariantCulture, $"{GroupRanking.Ordinal(r.BestRank)} of {r.RankedModels}"),
                r.Models.ToString(CultureInfo.InvariantCulture), F(r.Mean), r.Models < 2 ? "" : $"{F(r.Lower)} – {F(r.Upper)}");
        }

        AnsiConsole.Write(table);
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
