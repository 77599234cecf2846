using System.Diagnostics;
using System.Globalization;
using Arbiter.Engine.Runner;
using Spectre.Console;

namespace Arbiter.Cli.Display;

/// <summary>
/// Live progress for a run: a Spectre progress bar on a terminal, a plain status line every few
/// seconds when output is redirected (CI logs), nothing with <c>quiet</c>.
/// </summary>
internal static class ProgressView
{
    public static async Task<T> TrackAsync<T>(RunMonitor monitor, bool quiet, Func<Task<T>> work)
    {
        if (quiet) return await work().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var console = AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive || Console.IsErrorRedirected || Console.IsOutputRedirected)
        {
            var task = work();
            while (await Task.WhenAny(task, Task.Delay(2000)).ConfigureAwait(false) != task)
            {
                await Console.Error.WriteLineAsync(Describe(monitor, clock.Elapsed)).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync(Describe(monitor, clock.Elapsed)).ConfigureAwait(false);
            return await task.ConfigureAwait(false);
        }

        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask("starting", maxValue: 1);
                var task = work();
                while (!task.IsCompleted)
                {
                    Update(bar, monitor, clock.Elapsed);
                    await Task.WhenAny(task, Task.Delay(150)).ConfigureAwait(false);
                }

                Update(bar, monitor, clock.Elapsed);
                result = await task.ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    private static void Update(ProgressTask bar, RunMonitor m, TimeSpan elapsed)
    {
        bar.MaxValue = Math.Max(1, m.Total);
        bar.Value = m.Done;
        bar.Description = Markup.Escape(Describe(m, elapsed));
    }

    internal static string Describe(RunMonitor m, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0.5 ? m.Done / elapsed.TotalSeconds : 0;
        var left = m.Total - m.Done;
        var eta = rate > 0 ? TimeSpan.FromSeconds(left / rate).ToString(@"m\:ss", CultureInfo.InvariantCulture) : "–";
        var spend = string.Join(" ", m.Spend.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value:0.####} {kv.Key}")));
        // A storage fault is retried with the answers held in memory; say so instead of looking stalled.
        var storage = m.StorageProblem is { } problem ? " · storage unavailable, retrying: " + problem : "";
        var resumed = m.Skipped > 0 ? string.Create(CultureInfo.InvariantCulture, $" · {m.Skipped} resumed") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{m.Done}/{m.Total} · {m.Errors} errors · {m.CacheHits} cached{resumed} · {rate:0} items/s · ETA {eta} · {(m.InputTokens + m.OutputTokens) / 1000.0:0.#}k tokens{(spend.Length > 0 ? " · " + spend : "")}{storage}");
    }
}
