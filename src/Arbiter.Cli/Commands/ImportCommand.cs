using System.CommandLine;
using System.Globalization;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.RecordedLogs.Inspect;
using Arbiter.Engine.Reports;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter import inspect FILE…</c>: inspect_ai logs (<c>.eval</c> or <c>.json</c>) become stored runs next
/// to Arbiter's own (reports, compare, the web's runs list). Each file is read whole before anything is written;
/// a malformed one is reported with its entry and skipped, and the exit code is 2.
/// </summary>
internal static class ImportCommand
{
    public static Command Create() => new("import", "Import evaluation logs recorded by other tools as runs.") { Inspect() };

    private static Command Inspect()
    {
        var files = new Argument<string[]>("file") { Description = "inspect_ai log files (.eval or .json)", Arity = ArgumentArity.OneOrMore };
        var suite = new Option<string?>("--suite") { Description = "Store under this suite id (default: the log's task name), e.g. to compare with an Arbiter run of the same suite" };
        var model = new Option<string?>("--model") { Description = "Store under this model id (default: the log's model, e.g. openai/gpt-4o)" };
        var domain = new Option<string>("--domain") { Description = "The runs' domain", DefaultValueFactory = _ => "general" };
        var language = new Option<string>("--language") { Description = "The runs' language (default und: not recorded in inspect logs)", DefaultValueFactory = _ => "und" };
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var command = new Command("inspect", "Import inspect_ai logs as completed runs (re-importing a log adds nothing).") { files, suite, model, domain, language, config, db };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var paths = parse.GetValue(files)!;
            var options = new ImportOptions(parse.GetValue(suite), parse.GetValue(model), parse.GetValue(domain)!, parse.GetValue(language)!);
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), CliCommon.OptionalConfig(parse, config)?.Run, ct);
            var failed = 0;
            foreach (var path in paths)
            {
                RecordedLog log;
                try
                {
                    log = File.Exists(path) ? await InspectLogReader.ReadAsync(path, ct) : throw new LogFormatException(path, null, "no such file");
                }
                catch (LogFormatException ex)
                {
                    await Console.Error.WriteLineAsync($"error: {ex.Message} (nothing imported from this file)");
                    failed++;
                    continue;
                }

                var result = await RecordedRunImporter.ImportAsync(store, log, options, cancellationToken: ct);
                var summary = await RunResults.ComputeAsync(store, result.Run, ct);
                var accuracy = summary.Accuracy.IsEmpty ? "no scores" : string.Create(CultureInfo.InvariantCulture, $"accuracy {summary.Accuracy.Mean * 100:0.0}%");
                Console.WriteLine(result.AlreadyStored
                    ? $"{path}: already imported as run {result.Run.RunId} (nothing added)."
                    : string.Create(CultureInfo.InvariantCulture,
                        $"{path}: imported run {result.Run.RunId}: {result.Run.SuiteId} × {result.Run.ModelId}, {result.Samples} sample(s), {summary.Errors} error(s), {accuracy} (scorer {log.Scorer ?? "none"})."));
            }

            return failed == 0 ? ExitCodes.Ok : ExitCodes.Usage;
        }, ct));
        return command;
    }
}
