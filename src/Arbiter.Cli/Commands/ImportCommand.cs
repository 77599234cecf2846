using System.CommandLine;
using System.Globalization;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.RecordedLogs.Inspect;
using Arbiter.Engine.RecordedLogs.LmEval;
using Arbiter.Engine.Reports;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter import inspect|lm-eval FILE…</c>: inspect_ai logs (<c>.eval</c> or <c>.json</c>) or lm-eval
/// <c>samples_*.jsonl</c> become stored runs next to Arbiter's own (reports, compare, the web's runs list). Each file
/// is read whole before anything is written; a malformed one is reported with its entry and skipped, and the exit code is 2.
/// </summary>
internal static class ImportCommand
{
    public static Command Create() => new("import", "Import evaluation logs recorded by other tools as runs.")
    {
        Logs("inspect", "Import inspect_ai logs (.eval or .json) as completed runs (re-importing a log adds nothing).", "inspect_ai log files (.eval or .json)",
            "Store under this model id (default: the log's model, e.g. openai/gpt-4o)", (path, _, ct) => InspectLogReader.ReadAsync(path, ct)),
        Logs("lm-eval", "Import lm-evaluation-harness samples_*.jsonl (--log_samples) as completed runs.", "lm-eval samples files (samples_TASK_DATE.jsonl)",
            "Store under this model id (default: the folder lm-eval wrote the file under)", (path, model, ct) => LmEvalSamplesReader.ReadAsync(path, model, ct)),
    };

    private static Command Logs(string name, string description, string filesHelp, string modelHelp, Func<string, string?, CancellationToken, Task<RecordedLog>> read)
    {
        var files = new Argument<string[]>("file") { Description = filesHelp, Arity = ArgumentArity.OneOrMore };
        var suite = new Option<string?>("--suite") { Description = "Store under this suite id (default: the log's task name), e.g. to compare with an Arbiter run of the same suite" };
        var model = new Option<string?>("--model") { Description = modelHelp };
        var domain = new Option<string>("--domain") { Description = "The runs' domain", DefaultValueFactory = _ => "general" };
        var language = new Option<string>("--language") { Description = "The runs' language (default und: the logs do not record it)", DefaultValueFactory = _ => "und" };
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var command = new Command(name, description) { files, suite, model, domain, language, config, db };
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
                    log = File.Exists(path) ? await read(path, parse.GetValue(model), ct) : throw new LogFormatException(path, null, "no such file");
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
