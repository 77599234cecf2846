namespace Arbiter.Cli.Tests.Arena;

public sealed class ServeSignInCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-serve-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_sign_in_header_without_a_mode_or_a_trusted_proxy_stops_serve_with_exit_2_naming_both_problems()
    {
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "serve", "--db", Path.Combine(_dir, "a.db"), "--port", "0", "--voter-sign-in-header", "Remote-User");
        Assert.Equal(2, code);
        Assert.Contains("error: VoterSignInHeader needs VoterSignIn set to optional or required.", err, StringComparison.Ordinal);
        Assert.Contains("needs TrustedProxies", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_sign_in_mode_is_a_usage_error()
    {
        var (code, _, err) = await CliProcess.RunAsync(_dir, null, "serve", "--db", Path.Combine(_dir, "a.db"), "--port", "0", "--voter-sign-in", "sometimes");
        Assert.NotEqual(0, code);
        Assert.Contains("sometimes", err, StringComparison.Ordinal);
    }
}
