namespace Arbiter.Cli.Tests;

/// <summary>The start-up profile (multi-core JIT) the CLI keeps per command: written by one run, replayed by the next.</summary>
public sealed class StartupProfileCliTests
{
    [Fact]
    public async Task A_run_leaves_a_profile_of_its_command_and_the_next_run_reads_it()
    {
        await using var ws = await CliWorkspace.CreateAsync(8);
        var profiles = Path.Combine(ws.Dir, "profiles");
        var env = new Dictionary<string, string> { ["ARBITER_JIT_PROFILE_DIR"] = profiles };

        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, env, "run", "--quiet");
        Assert.True(code == 0, err);
        var profile = Path.Combine(profiles, "run.jitprofile");
        Assert.True(File.Exists(profile), "the run wrote no profile");
        var written = File.GetLastWriteTimeUtc(profile);
        Assert.True(new FileInfo(profile).Length > 1024, "the profile holds no methods");

        // A nested command gets its own file; a second run of `run` rewrites its profile and still succeeds.
        (code, _, err) = await CliProcess.RunAsync(ws.Dir, env, "arena", "leaderboard", "--help");
        Assert.True(code == 0, err);
        Assert.False(File.Exists(Path.Combine(profiles, "arena-leaderboard.jitprofile")), "help is not a command's work");
        await Task.Delay(50);
        (code, _, err) = await CliProcess.RunAsync(ws.Dir, env, "run", "--quiet");
        Assert.True(code == 0, err);
        Assert.True(File.GetLastWriteTimeUtc(profile) > written, "the second run did not record");
    }

    [Fact]
    public async Task Off_writes_nothing_and_an_unwritable_directory_only_means_no_profile()
    {
        await using var ws = await CliWorkspace.CreateAsync(4);
        var blocker = Path.Combine(ws.Dir, "not-a-dir");
        await File.WriteAllTextAsync(blocker, "a file where the directory would go");

        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, new Dictionary<string, string> { ["ARBITER_JIT_PROFILE_DIR"] = Path.Combine(blocker, "jit") }, "run", "--quiet");
        Assert.True(code == 0, err);
        (code, _, err) = await CliProcess.RunAsync(ws.Dir, new Dictionary<string, string> { ["ARBITER_JIT_PROFILE_DIR"] = "off", ["HOME"] = ws.Dir, ["XDG_CACHE_HOME"] = "" }, "run", "--quiet");
        Assert.True(code == 0, err);
        Assert.False(Directory.Exists(Path.Combine(ws.Dir, ".cache")));
    }

    [Fact]
    public async Task A_damaged_profile_is_ignored_and_replaced()
    {
        await using var ws = await CliWorkspace.CreateAsync(4);
        var profiles = Directory.CreateDirectory(Path.Combine(ws.Dir, "profiles")).FullName;
        var profile = Path.Combine(profiles, "run.jitprofile");
        // A half-written file (another process writing it) or garbage: the runtime checks the header and skips it.
        await File.WriteAllBytesAsync(profile, [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7919 % 251))], TestContext.Current.CancellationToken);

        var (code, _, err) = await CliProcess.RunAsync(ws.Dir, new Dictionary<string, string> { ["ARBITER_JIT_PROFILE_DIR"] = profiles }, "run", "--quiet");

        Assert.True(code == 0, err);
        Assert.Equal(4, (await ws.SamplesAsync()).Count);
        Assert.NotEqual(3000, new FileInfo(profile).Length);
    }

    [Fact]
    public async Task A_long_running_command_writes_its_profile_once_start_up_is_over_not_only_at_exit()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-profile-").FullName;
        try
        {
            using var server = CliProcess.Start(dir, new Dictionary<string, string> { ["ARBITER_JIT_PROFILE_DIR"] = dir }, "sim", "serve", "--port", "0");
            var profile = Path.Combine(dir, "sim-serve.jitprofile");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(profile) && waited.Elapsed < TimeSpan.FromSeconds(40)) await Task.Delay(250);

            Assert.True(File.Exists(profile), $"no profile after {waited.Elapsed.TotalSeconds:0} s; stderr: {server.StdErr}");
            Assert.False(server.HasExited, "the server stopped: " + server.StdErr);
            server.Kill();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
