using System.Globalization;

namespace Arbiter.HarnessBench;

/// <summary>The arbiter.yaml the CLI scenarios run: one simulated model at concurrency 64, one suite, a database of its own.</summary>
internal static class BenchConfig
{
    /// <summary>Writes <c>arbiter.yaml</c> into <paramref name="work"/> and returns its path.</summary>
    public static async Task<string> WriteAsync(string work, int port, string suite)
    {
        var config = Path.Combine(work, "arbiter.yaml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            run:
              concurrency: 64
              database: {Path.Combine(work, "arbiter.db")}
            models:
              - id: sim-bench
                baseUrl: http://127.0.0.1:{port}/v1
                model: sim-bench
                jurisdiction: local
            suites:
              - {suite}
            """));
        return config;
    }
}
