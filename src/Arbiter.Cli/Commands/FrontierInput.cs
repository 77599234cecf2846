using System.CommandLine;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Config;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;

namespace Arbiter.Cli.Commands;

/// <summary>
/// The inputs shared by <c>frontier</c> and <c>leaderboard</c>: scores CSVs, stored runs, the config's model
/// facts, benchmarks, the as-of date and the grouping. Only reads them; the Engine computes.
/// </summary>
internal sealed class FrontierInput
{
    public Option<string[]> Scores { get; } = new("--scores") { Description = "Scores CSV(s): model,organization,country,release_date,weights,benchmark,score[,source] (repeatable)", AllowMultipleArgumentsPerToken = true };

    public Option<bool> Runs { get; } = new("--runs") { Description = "Also use the stored runs (suite id = benchmark, mean score; origin and releaseDate recorded with each run)" };

    public Option<bool> Arena { get; } = new("--arena") { Description = "Also use the arena: the stored battles' Bradley–Terry ratings become benchmark 'arena' (release dates and origins from arbiter.yaml or --scores)" };

    public Option<string?> Battles { get; } = new("--battles") { Description = "As --arena, from this battle file instead of the store" };

    public Option<string[]> Benchmarks { get; } = new("--benchmark") { Description = "Only these benchmark ids (repeatable)", AllowMultipleArgumentsPerToken = true };

    public Option<string?> AsOf { get; } = new("--as-of") { Description = "As-of date YYYY-MM-DD: later models do not exist yet (default: today, UTC)" };

    public Option<string> Config { get; } = CliCommon.ConfigOption();

    public Option<string?> Db { get; } = CliCommon.DbOption();

    public void AddTo(Command command, Option<string> groupOption)
    {
        foreach (var o in new Option[] { Scores, Runs, Arena, Battles, groupOption, Benchmarks, AsOf, Config, Db }) command.Options.Add(o);
        AsOf.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string?>();
            if (text is not null && FrontierDates.TryParse(text) is null) r.AddError($"--as-of must be a date YYYY-MM-DD, not '{text}'");
        });
    }

    public static Option<string> GroupOption(string name) =>
        new Option<string>(name) { Description = "country | organization | weights", DefaultValueFactory = _ => "country" }.AcceptOnlyFromAmong("country", "organization", "weights");

    public static FrontierGrouping Grouping(string value) => value switch
    {
        "organization" => FrontierGrouping.Organization,
        "weights" => FrontierGrouping.Weights,
        _ => FrontierGrouping.Country,
    };

    public DateOnly AsOfDate(ParseResult parse) => FrontierDates.TryParse(parse.GetValue(AsOf)) ?? DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The sources as a report names them: the scores files (with the shipped file's attribution) and the runs.</summary>
    public string Describe(ParseResult parse)
    {
        var parts = (parse.GetValue(Scores) ?? []).Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) == Path.GetFileName(ShippedScores.FileName) ? $"{f} ({ShippedScores.Attribution})" : f).ToList();
        if (parse.GetValue(Runs)) parts.Add("Arbiter's stored runs (suite = benchmark, mean score)");
        if (parse.GetValue(Battles) is { } file) parts.Add($"arena ratings from {file}");
        else if (parse.GetValue(Arena)) parts.Add("arena ratings from the stored battles");
        return string.Join("; ", parts);
    }

    /// <summary>Reads every source into one table, or prints why not and returns null (exit 2).</summary>
    public async Task<ScoreTable?> LoadAsync(ParseResult parse, CancellationToken ct)
    {
        var files = parse.GetValue(Scores) ?? [];
        var useRuns = parse.GetValue(Runs);
        var battles = parse.GetValue(Battles);
        var useArena = parse.GetValue(Arena) && battles is null;
        if (files.Length == 0 && !useRuns && !useArena && battles is null)
        {
            await Console.Error.WriteLineAsync("error: give --scores FILE (e.g. data/frontier/llm_stats_scores.csv), --runs, --arena and/or --battles FILE");
            return null;
        }

        var table = new ScoreTable();
        foreach (var file in files.Order(StringComparer.Ordinal)) ScoresCsv.ReadInto(table, file);
        var configPath = parse.GetValue(Config)!;
        var explicitConfig = parse.GetResult(Config) is { Implicit: false };
        ArbiterConfig? config = null;
        if (explicitConfig || File.Exists(configPath))
        {
            if (!File.Exists(configPath))
            {
                await Console.Error.WriteLineAsync($"error: no such config file '{configPath}'");
                return null;
            }

            config = ConfigLoader.LoadFile(configPath);
            FrontierSources.AddConfigModels(table, config.Models, Path.GetFileName(configPath));
        }

        if (battles is not null && !await AddBattleFileAsync(table, battles, ct)) return null;
        if (useRuns || useArena)
        {
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(Db), config?.Run, ct);
            if (useRuns) FrontierSources.AddRuns(table, await new RunFilter().LoadAsync(store, ct));
            if (useArena && !await AddBoardAsync(table, await ArenaLeaderboard.ComputeAsync(store, BattleFilter.Board, Board, ct), "stored battles")) return null;
        }

        return table;
    }

    // The arena leaderboard's defaults (100 rounds, seed 42): the ratings are point estimates here, the intervals unused.
    private static readonly ArenaLeaderboardOptions Board = new();

    private static async Task<bool> AddBattleFileAsync(ScoreTable table, string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"error: --battles: no such file '{path}'");
            return false;
        }

        var problems = new BattleProblemLog(ArenaCommand.ShownProblems);
        var rows = await BattleTableReader.ReadAsync(path, BattleFilter.Board, keepStyle: false, problems.Add, cancellationToken: ct);
        await ArenaCommand.ReportProblemsAsync(path, problems);
        return await AddBoardAsync(table, ArenaLeaderboard.Compute(rows, Board), Path.GetFileName(path));
    }

    private static async Task<bool> AddBoardAsync(ScoreTable table, ArenaLeaderboardResult board, string source)
    {
        if (board.BattleCount == 0)
        {
            await Console.Error.WriteLineAsync($"error: --arena: no battles in the {source} (import some with 'arbiter arena import', or play in 'arbiter serve')");
            return false;
        }

        ArenaFrontier.AddRatings(table, board, source);
        return true;
    }
}
