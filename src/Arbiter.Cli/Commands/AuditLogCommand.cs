using System.CommandLine;
using System.Globalization;
using Arbiter.Core.Audit;
using Arbiter.Core.Storage;
using Arbiter.Engine.Config;
using Arbiter.Engine.Sovereignty;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter audit-log verify|export</c>.</summary>
internal static class AuditLogCommand
{
    public static Command Create()
    {
        var command = new Command("audit-log", "Check or export the hash-chained log of every outbound model call.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Verify()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var head = new Option<string?>("--expect-head") { Description = "A head hash recorded earlier outside the database: fails if it is no longer in the chain (entries cut off the end)" };
        var file = new Option<string?>("--file") { Description = "Verify an exported JSONL file instead of the database (offline, e.g. by an auditor)" };
        var publicKey = new Option<string?>("--public-key") { Description = "With --file: PEM public key to check the file's detached signature (FILE.sig)" };
        var verify = new Command("verify", "Recompute the hash chain (names the first modified, deleted or reordered entry) and check every stored sample has its entry. Exit 3 when tampered or incomplete.") { config, db, head, file, publicKey };
        verify.Validators.Add(r =>
        {
            if (r.GetValue(publicKey) is not null && r.GetValue(file) is null) r.AddError("--public-key checks an exported file: give it with --file");
        });
        verify.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var exported = parse.GetValue(file);
            if (exported is not null && parse.GetValue(publicKey) is { } keyPath)
            {
                using var key = AuditLogExport.LoadKey(keyPath, requirePrivate: false);
                if (await AuditLogExport.CheckSignatureAsync(exported, key, ct) is { } problem)
                {
                    await Console.Error.WriteLineAsync($"{exported}: signature INVALID: {problem}").ConfigureAwait(false);
                    return ExitCodes.Tampered;
                }

                AnsiConsole.Console.MarkupLine($"[green]Signature valid[/] ({AuditLogExport.Algorithm}, {Markup.Escape(AuditLogExport.SignaturePath(exported))})");
            }
            else if (exported is not null && File.Exists(AuditLogExport.SignaturePath(exported)))
            {
                AnsiConsole.Console.MarkupLine("[yellow]The file has a signature; give --public-key to check it.[/]");
            }

            if (exported is not null)
            {
                return await ReportAsync(await AuditChain.VerifyAsync(AuditLogExport.ReadAsync(exported, ct), parse.GetValue(head), ct), parse.GetValue(head) is not null);
            }

            await using var store = await OpenAsync(parse.GetValue(config)!, parse.GetValue(db), ct);
            var audit = (IAuditLogStore)store;
            var chain = await ReportAsync(await AuditChain.VerifyAsync(audit.ReadAuditLogAsync(ct), parse.GetValue(head), ct), parse.GetValue(head) is not null);
            if (chain != ExitCodes.Ok) return chain;
            // An intact chain can still miss calls: every stored sample must have its entry.
            var coverage = await AuditCoverage.CheckAsync(store, audit, store, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ct);
            return await AuditCoverageReportWriter.WriteAsync(coverage, AnsiConsole.Console, Console.Error);
        }, ct));
        return verify;
    }

    private static async Task<int> ReportAsync(AuditVerification result, bool headChecked)
    {
        if (result.Valid)
        {
            AnsiConsole.Console.MarkupLine($"[green]Audit log intact[/]: {Inv(result.Entries)} entries; head hash {result.HeadHash}{(headChecked ? "; the recorded head is in the chain" : "")}");
            AnsiConsole.Console.MarkupLine("Record the head hash outside this database (verify --expect-head HASH): it proves later that no entry was cut off the end.");
            return ExitCodes.Ok;
        }

        await Console.Error.WriteLineAsync($"audit log TAMPERED at entry {Inv(result.FirstBadSequence ?? 0)}: {result.Problem}").ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"the entries before it are intact (last good hash {result.HeadHash})").ConfigureAwait(false);
        return ExitCodes.Tampered;
    }

    private static Command Export()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var output = new Option<string>("--out", "-o") { Description = "JSONL file to write (one entry per line)", Required = true };
        var signKey = new Option<string?>("--sign-key") { Description = "PEM EC P-256 private key: also write FILE.sig, a detached signature an auditor checks with the public key" };
        var export = new Command("export", "Write the audit log as JSON lines for an auditor (no payloads are ever in it).") { config, db, output, signKey };
        export.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            // Load the key first: a wrong key path must fail before anything is written.
            using var key = parse.GetValue(signKey) is { } keyPath ? AuditLogExport.LoadKey(keyPath, requirePrivate: true) : null;
            await using var store = await OpenAsync(parse.GetValue(config)!, parse.GetValue(db), ct);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var count = await AuditLogExport.WriteAsync(((IAuditLogStore)store).ReadAuditLogAsync(ct), path, ct);
            // The written file is what the auditor gets, so its chain (not the database's) is what is reported and signed.
            var check = await AuditChain.VerifyAsync(AuditLogExport.ReadAsync(path, ct), ct);
            AnsiConsole.Console.MarkupLine($"Wrote {Inv(count)} entries to {Markup.Escape(path)}; chain {(check.Valid ? "[green]intact[/]" : "[red]TAMPERED[/]")}, head hash {check.HeadHash}");
            if (key is not null)
            {
                await AuditLogExport.SignAsync(path, key, check, ct);
                AnsiConsole.Console.MarkupLine($"Signed: {Markup.Escape(AuditLogExport.SignaturePath(path))} ({AuditLogExport.Algorithm})");
            }

            return check.Valid ? ExitCodes.Ok : ExitCodes.Tampered;
        }, ct));
        return export;
    }

    /// <summary>The config is optional here: without one, the default database is read.</summary>
    private static Task<IArbiterStore> OpenAsync(string configPath, string? db, CancellationToken ct)
    {
        var run = File.Exists(configPath) ? ConfigLoader.LoadFile(configPath).Run : null;
        return CliCommon.OpenStoreAsync(db, run, ct);
    }

    private static string Inv(long n) => n.ToString(CultureInfo.InvariantCulture);
}
