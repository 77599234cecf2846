using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Arbiter.Core.Audit;
using Arbiter.Core.Storage;
using Arbiter.Engine.Config;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter audit-log verify|export</c>.</summary>
internal static class AuditLogCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("audit-log", "Check or export the hash-chained log of every outbound model call.");

        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var verify = new Command("verify", "Recompute the hash chain; names the first modified, deleted or reordered entry. Exit 3 when tampered.") { config, db };
        verify.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            await using var store = await OpenAsync(parse.GetValue(config)!, parse.GetValue(db), ct);
            var result = await AuditChain.VerifyAsync(((IAuditLogStore)store).ReadAuditLogAsync(ct), ct);
            if (result.Valid)
            {
                AnsiConsole.Console.MarkupLine($"[green]Audit log intact[/]: {Inv(result.Entries)} entries; head hash {result.HeadHash}");
                AnsiConsole.Console.MarkupLine("Record the head hash outside this database: it also proves later that no entry was cut off the end.");
                return ExitCodes.Ok;
            }

            await Console.Error.WriteLineAsync($"audit log TAMPERED at entry {Inv(result.FirstBadSequence ?? 0)}: {result.Problem}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"the {Inv(Math.Max(0, result.Entries - 1))} entries before it are intact (last good hash {result.HeadHash})").ConfigureAwait(false);
            return ExitCodes.Tampered;
        }, ct));

        var exportConfig = CliCommon.ConfigOption();
        var exportDb = CliCommon.DbOption();
        var output = new Option<string>("--out", "-o") { Description = "JSONL file to write (one entry per line)", Required = true };
        var export = new Command("export", "Write the audit log as JSON lines for an auditor (no payloads are ever in it).") { exportConfig, exportDb, output };
        export.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            await using var store = await OpenAsync(parse.GetValue(exportConfig)!, parse.GetValue(exportDb), ct);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            long count = 0;
            await using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                await foreach (var entry in ((IAuditLogStore)store).ReadAuditLogAsync(ct))
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(entry, Json).AsMemory(), ct);
                    count++;
                }
            }

            var check = await AuditChain.VerifyAsync(((IAuditLogStore)store).ReadAuditLogAsync(ct), ct);
            AnsiConsole.Console.MarkupLine($"Wrote {Inv(count)} entries to {Markup.Escape(path)}; chain {(check.Valid ? "[green]intact[/]" : "[red]TAMPERED[/]")}, head hash {check.HeadHash}");
            return check.Valid ? ExitCodes.Ok : ExitCodes.Tampered;
        }, ct));

        command.Subcommands.Add(verify);
        command.Subcommands.Add(export);
        return command;
    }

    /// <summary>The config is optional here: without one, the default database is read.</summary>
    private static Task<IRunStore> OpenAsync(string configPath, string? db, CancellationToken ct)
    {
        var run = File.Exists(configPath) ? ConfigLoader.LoadFile(configPath).Run : null;
        return CliCommon.OpenStoreAsync(db, run, ct);
    }

    private static string Inv(long n) => n.ToString(CultureInfo.InvariantCulture);
}
