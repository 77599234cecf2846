using Microsoft.Data.Sqlite;

namespace Arbiter.Cli.Tests;

/// <summary>policy check, residency during a real run, and audit-log verify/export — through the real executable.</summary>
public sealed class CliSovereigntyTests
{
    /// <summary>Makes the workspace suite confidential and adds a foreign-tagged model on the same server.</summary>
    private static async Task<CliWorkspace> ConfidentialWorkspaceAsync(int items)
    {
        var ws = await CliWorkspace.CreateAsync(items);
        await File.AppendAllTextAsync(Path.Combine(ws.Dir, "suite", "suite.yaml"), "confidentiality: confidential\n");
        var config = Path.Combine(ws.Dir, "arbiter.yaml");
        var text = await File.ReadAllTextAsync(config);
        text = text.Replace("suites:", $"  - id: sim-abroad\n    baseUrl: {ws.Server.BaseUrl}\n    model: sim-cli\n    jurisdiction: US\npolicy:\n  home: RU\nsuites:", StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text);
        return ws;
    }

    [Fact]
    public async Task Policy_check_shows_what_would_be_blocked_and_sends_nothing()
    {
        await using var ws = await ConfidentialWorkspaceAsync(8);

        var (code, output, err) = await CliProcess.RunAsync(ws.Dir, null, "policy", "check");

        Assert.True(code == 0, err);
        Assert.Contains("sim-abroad", output, StringComparison.Ordinal);
        Assert.Contains("policy.allow.confidential [local] forbids jurisdiction 'US'", output, StringComparison.Ordinal);
        Assert.Contains("8 item × model pairs would be recorded as blocked_by_policy", output, StringComparison.Ordinal);
        Assert.Equal(0, ws.Server.Stats.TotalChatRequests);
        Assert.False(File.Exists(ws.Db));
    }

    [Fact]
    public async Task A_run_withholds_confidential_items_from_the_foreign_model_and_the_audit_log_proves_it()
    {
        await using var ws = await ConfidentialWorkspaceAsync(10);

        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, null, "run", "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal(10, ws.Server.Stats.TotalChatRequests);
        var samples = await ws.SamplesAsync();
        Assert.Equal(10, samples.Count(s => s.Response.Status == Core.Runs.SampleStatus.BlockedByPolicy));
        Assert.Equal(10, samples.Count(s => s.Response.Status == Core.Runs.SampleStatus.Ok));

        var verify = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify");
        Assert.True(verify.Code == 0, verify.Err);
        Assert.Contains("Audit log intact", verify.Out, StringComparison.Ordinal);
        // 10 blocked entries, and an intent plus an outcome for each of the 10 calls made.
        Assert.Contains("30 entries", verify.Out, StringComparison.Ordinal);
        Assert.Contains("No call missing", verify.Out, StringComparison.Ordinal);

        var export = Path.Combine(ws.Dir, "audit.jsonl");
        var exported = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "export", "--out", export);
        Assert.True(exported.Code == 0, exported.Err);
        var lines = await File.ReadAllLinesAsync(export);
        Assert.Equal(30, lines.Length);
        Assert.Equal(10, lines.Count(l => l.Contains("\"modelId\":\"sim-abroad\"", StringComparison.Ordinal) && l.Contains("\"outcome\":\"blocked_by_policy\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("sim-abroad", StringComparison.Ordinal) && l.Contains("\"outcome\":\"ok\"", StringComparison.Ordinal));
        // Hashes and ids only: no prompt text ever reaches the log.
        Assert.DoesNotContain(lines, l => l.Contains("Which option", StringComparison.Ordinal));

        // The head hash an operator records outside the database, e.g. in a ticket.
        var head = System.Text.RegularExpressions.Regex.Match(verify.Out, "head hash ([0-9a-f]{64})").Groups[1].Value;
        Assert.Equal(64, head.Length);
        Assert.Equal(0, (await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify", "--expect-head", head)).Code);

        // A signed export: the auditor checks it offline with the public key only.
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(Path.Combine(ws.Dir, "sign.pem"), key.ExportPkcs8PrivateKeyPem());
            await File.WriteAllTextAsync(Path.Combine(ws.Dir, "sign.pub.pem"), key.ExportSubjectPublicKeyInfoPem());
        }

        var signedPath = Path.Combine(ws.Dir, "signed.jsonl");
        var signed = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "export", "--out", signedPath, "--sign-key", "sign.pem");
        Assert.True(signed.Code == 0, signed.Err);
        Assert.DoesNotContain("PRIVATE KEY", signed.Out + signed.Err, StringComparison.Ordinal);
        var offline = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify", "--file", signedPath, "--public-key", "sign.pub.pem", "--expect-head", head);
        Assert.True(offline.Code == 0, offline.Err + offline.Out);
        Assert.Contains("Signature valid", offline.Out, StringComparison.Ordinal);
        Assert.Contains("30 entries", offline.Out, StringComparison.Ordinal);

        // An edited export fails the signature, and — without the key — the chain.
        var edited = (await File.ReadAllTextAsync(signedPath)).Replace("\"outcome\":\"blocked_by_policy\"", "\"outcome\":\"ok\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(signedPath, edited);
        var badSignature = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify", "--file", signedPath, "--public-key", "sign.pub.pem");
        Assert.Equal(3, badSignature.Code);
        Assert.Contains("signature INVALID", badSignature.Err, StringComparison.Ordinal);
        var badChain = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify", "--file", signedPath);
        Assert.Equal(3, badChain.Code);
        Assert.Contains("content does not match its hash", badChain.Err, StringComparison.Ordinal);
        var wrongKey = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "export", "--out", "x.jsonl", "--sign-key", "sign.pub.pem");
        Assert.Equal(2, wrongKey.Code);
        Assert.Contains("sign.pub.pem:1:1: not an EC P-256 private key", wrongKey.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ws.Dir, "x.jsonl")));

        // Cutting the last entry leaves a sound chain; the recorded head shows it, and so does its sample, now without an entry.
        var last = await ScalarAsync(ws.Db, "SELECT run_id || ' item ' || item_id || ' epoch ' || epoch FROM audit_log WHERE seq = 30");
        await ExecuteAsync(ws.Db, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 30;");
        var gap = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify");
        Assert.Equal(3, gap.Code);
        Assert.Contains("audit log INCOMPLETE: 1 stored sample(s) have no audit entry", gap.Err, StringComparison.Ordinal);
        Assert.Contains("run " + last, gap.Err, StringComparison.Ordinal);
        var cut = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify", "--expect-head", head);
        Assert.Equal(3, cut.Code);
        Assert.Contains("cut off the end", cut.Err, StringComparison.Ordinal);

        await ExecuteAsync(ws.Db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET outcome = 'ok', attempts = 1 WHERE seq = 7;");

        var tampered = await CliProcess.RunAsync(ws.Dir, null, "audit-log", "verify");
        Assert.Equal(3, tampered.Code);
        Assert.Contains("TAMPERED at entry 7", tampered.Err, StringComparison.Ordinal);
    }

    private static async Task<string> ScalarAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
