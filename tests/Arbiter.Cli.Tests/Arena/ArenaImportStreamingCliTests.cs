using System.Globalization;
using System.Text;

namespace Arbiter.Cli.Tests.Arena;

/// <summary><c>arena import</c> streams a file in batches: counts, problems and re-imports come out as for a small file.</summary>
public sealed class ArenaImportStreamingCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-arena-stream-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_file_larger_than_a_batch_with_a_broken_tail_imports_its_valid_prefix_once()
    {
        // 25,000 valid rows (2.5 batches), 25 with an unknown winner, then a truncated last element.
        var text = new StringBuilder("\uFEFF[\n");
        for (int i = 0; i < 25_025; i++)
        {
            string winner = i % 1001 == 1000 ? "draw" : (i % 3) switch { 0 => "model_a", 1 => "model_b", _ => "tie" };
            text.Append(CultureInfo.InvariantCulture, $$"""{"model_a":"m{{i % 7}}","model_b":"m{{(i + 1) % 7}}","winner":"{{winner}}","anony":true},""").Append('\n');
        }

        text.Append("{\"model_a\":\"m1\",\"model_b\":");
        var file = Path.Combine(_dir, "dump.json");
        await File.WriteAllTextAsync(file, text.ToString(), new UTF8Encoding(false), TestContext.Current.CancellationToken);

        var (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "import", file);

        Assert.True(code == 0, err);
        Assert.Contains($"Imported 25000 new battle(s) from {file} (fastchat; 25000 valid, 0 already stored, 26 skipped).", output, StringComparison.Ordinal);
        Assert.Contains($"{file}: element 1000: unknown winner 'draw'", err, StringComparison.Ordinal);
        Assert.Contains($"{file}: … and 6 more", err, StringComparison.Ordinal);
        Assert.Contains($"{file}: skipped 25 row(s): unknown-winner", err, StringComparison.Ordinal);
        Assert.Contains($"{file}: skipped 1 row(s): invalid-json", err, StringComparison.Ordinal);

        (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "import", file);

        Assert.True(code == 0, err);
        Assert.Contains("Imported 0 new battle(s)", output, StringComparison.Ordinal);
        Assert.Contains("25000 valid, 25000 already stored, 26 skipped", output, StringComparison.Ordinal);

        (code, output, err) = await CliProcess.RunAsync(_dir, null, "arena", "leaderboard", "--battles", file, "--ci", "sandwich");
        Assert.True(code == 0, err);
        Assert.Contains("25000 battles", output, StringComparison.Ordinal);
        Assert.Contains($"{file}: skipped 1 row(s): invalid-json", err, StringComparison.Ordinal);
    }
}
