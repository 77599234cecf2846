using System.CommandLine;
using Arbiter.Engine.Mera;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter mera export --model ID --out submission.zip</c>: the model's answers to MERA tasks (run as suites with
/// <c>arbiter run --suite TASK.json</c>) as the ZIP MERA's site accepts.
/// </summary>
internal static class MeraCommand
{
    public static Command Create() => new("mera", "MERA (Russian benchmark): export a submission of stored answers.") { Export() };

    private static Command Export()
    {
        var model = new Option<string>("--model") { Description = "The model whose answers to submit (its id in arbiter.yaml)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The submission ZIP to write", Required = true };
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var command = new Command("export", "Write a MERA submission ZIP: one <Task>.json per task the model was run on.") { model, output, config, db };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), CliCommon.OptionalConfig(parse, config)?.Run, StoreAccess.ReadOnly, ct);
            var path = parse.GetValue(output)!;
            using var buffer = new MemoryStream();
            var tasks = await MeraSubmission.WriteAsync(store, parse.GetValue(model)!, buffer, ct);
            if (tasks.Count == 0)
            {
                await Console.Error.WriteLineAsync($"error: --model: no MERA runs of model '{parse.GetValue(model)}' in the store (run a task first: arbiter run --suite TASK.json --model ID)");
                return ExitCodes.Usage;
            }

            // Written only once complete, so a failure never leaves a half submission behind.
            await File.WriteAllBytesAsync(path, buffer.ToArray(), ct);
            foreach (var t in tasks)
            {
                Console.WriteLine($"{t.Task}.json: {t.Answers} answer(s) from run {t.RunId}" + (t.Unanswered > 0 ? $", {t.Unanswered} failed call(s) written as empty answers" : ""));
            }

            Console.WriteLine($"Wrote {path} ({tasks.Count} task(s)).");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
