using System.CommandLine;
using System.Globalization;
using Arbiter.Core.Arena;
using Arbiter.Core.Storage;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Config;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter arena</c>: import, export, leaderboard and LLM-as-judge battles.</summary>
internal static class ArenaCommand
{
    /// <summary>Problems printed in full; the rest are counted per kind.</summary>
    internal const int ShownProblems = 20;

    private const int ImportBatch = 10_000;

    public static Command Create() => new("arena", "Arena battles: import/export, Bradley–Terry leaderboards, LLM-as-judge battles.")
    {
        Import(), Export(), ArenaLeaderboardCommand.Create(), ArenaJudgeCommand.Create(),
    };

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "Battle file: FastChat clean-battle JSON/JSONL or arena-hard JSONL" };
        var format = new Option<string>("--format") { Description = "auto | fastchat | arena-hard", DefaultValueFactory = _ => "auto" }.AcceptOnlyFromAmong("auto", "fastchat", "arena-hard");
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var command = new Command("import", "Import battles into the store (re-importing the same file adds nothing).") { file, format, config, db };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"error: no such file '{path}'");
                return ExitCodes.Usage;
            }

            var battles = await BattleFile.OpenAsync(path, ParseFormat(parse.GetValue(format)!), ct);
            var problems = new BattleProblemLog(ShownProblems);
            await using var store = await OpenAsync(parse.GetValue(config)!, parse.GetValue(db), ct);
            int valid = 0, added = 0;
            var status = ImportStatus.Start(path);
            // Batches keep memory flat on multi-GB dumps while each still commits as one transaction.
            await foreach (var batch in battles.ReadAsync(problems.Add, ct).Chunk(ImportBatch).WithCancellation(ct))
            {
                added += await store.AddBattlesAsync(batch, ct);
                valid += batch.Length;
                status?.Report(valid, problems.Count);
            }

            status?.Clear();
            await ReportProblemsAsync(path, problems);
            if (valid == 0 && problems.Count > 0)
            {
                await Console.Error.WriteLineAsync($"error: no battle could be read from {path}: all {problems.Count} row(s) were skipped (reasons above)");
                return ExitCodes.Usage;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Imported {added} new battle(s) from {path} ({FormatName(battles.Format)}; {valid} valid, {valid - added} already stored, {problems.Count} skipped)."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Export()
    {
        var output = new Option<string>("--out", "-o") { Description = "Output file", Required = true };
        var format = new Option<string>("--format") { Description = "fastchat (JSON array) | fastchat-jsonl | arena-hard", DefaultValueFactory = _ => "fastchat" }
            .AcceptOnlyFromAmong([.. BattleExporter.FormatNames]);
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var filters = new ArenaFilterOptions();
        var command = new Command("export", "Export stored battles.") { output, format, config, db };
        filters.AddTo(command);
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var exportFormat = BattleExporter.ParseFormat(parse.GetValue(format))!.Value;
            await using var store = await OpenAsync(parse.GetValue(config)!, parse.GetValue(db), ct);
            await using var stream = File.Create(parse.GetValue(output)!);
            var count = await BattleExporter.WriteAsync(store.ReadBattlesAsync(filters.Read(parse), ct), stream, exportFormat, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Exported {count} battle(s) to {parse.GetValue(output)}."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>Opens the store named by the config (when the file exists) or by --db.</summary>
    internal static async Task<IArbiterStore> OpenAsync(string configPath, string? db, CancellationToken ct)
    {
        var run = File.Exists(configPath) ? ConfigLoader.LoadFile(configPath).Run : null;
        return await CliCommon.OpenStoreAsync(db, run, ct);
    }

    internal static async Task ReportProblemsAsync(string path, BattleProblemLog problems)
    {
        foreach (var problem in problems.First)
        {
            await Console.Error.WriteLineAsync($"{path}: {problem}");
        }

        if (problems.Count > problems.First.Count)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{path}: … and {problems.Count - problems.First.Count} more"));
        }

        foreach (var (kind, count) in problems.Counts)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{path}: skipped {count} row(s): {kind}"));
        }
    }

    private static BattleFormat ParseFormat(string text) => text switch
    {
        "fastchat" => BattleFormat.FastChat,
        "arena-hard" => BattleFormat.ArenaHard,
        _ => BattleFormat.Auto,
    };

    private static string FormatName(BattleFormat format) => format == BattleFormat.ArenaHard ? "arena-hard" : "fastchat";
}

/// <summary>The battle filter options shared by export and leaderboard.</summary>
/// <summary>The battle filter flags. With <c>board</c>, flagged (self-identified) battles are left out unless <c>--include-flagged</c>, as on the web board.</summary>
internal sealed class ArenaFilterOptions(bool board = false)
{
    private readonly Option<bool> _flagged = new("--include-flagged") { Description = "Include battles where a model revealed itself (left out by default: those votes were not blind)" };
    private readonly Option<string?> _language = new("--language") { Description = "Only battles in this language" };
    private readonly Option<string?> _category = new("--category") { Description = "Only battles of this category" };
    private readonly Option<bool> _anonymous = new("--anonymous-only") { Description = "Only anonymous battles (flagged self-identification excluded)" };
    private readonly Option<bool> _noTies = new("--exclude-ties") { Description = "Drop ties" };
    private readonly Option<string?> _judge = new("--judge-filter") { Description = "Only battles decided by this voter or judge model" };

    public void AddTo(Command command)
    {
        command.Options.Add(_language);
        command.Options.Add(_category);
        command.Options.Add(_anonymous);
        command.Options.Add(_noTies);
        command.Options.Add(_judge);
        if (board) command.Options.Add(_flagged);
    }

    public BattleFilter Read(ParseResult parse) =>
        new(parse.GetValue(_language), parse.GetValue(_category), parse.GetValue(_anonymous), parse.GetValue(_noTies), parse.GetValue(_judge),
            ExcludeFlagged: board && !parse.GetValue(_flagged), ExcludeVoided: board);
}
