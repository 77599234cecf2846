using System.CommandLine;
using Arbiter.Core.Storage;
using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;
using Arbiter.Storage;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Arbiter.Cli;

/// <summary>Options and helpers shared by commands.</summary>
internal static class CliCommon
{
    public static Option<string> ConfigOption() => new("--config", "-c")
    {
        Description = "Path to arbiter.yaml",
        DefaultValueFactory = _ => "arbiter.yaml",
    };

    public static Option<string?> DbOption() => new("--db")
    {
        Description = "SQLite file (default: from the config, else ./arbiter.db). A PostgreSQL connection string may be given in ARBITER_DATABASE_URL.",
    };

    public static Option<string> FormatOption(params string[] formats) => new Option<string>("--format")
    {
        Description = $"Output format: {string.Join(" | ", formats)}",
        DefaultValueFactory = _ => formats[0],
    }.AcceptOnlyFromAmong(formats);

    /// <summary>
    /// Engine logging to standard error, off unless <c>ARBITER_LOG_LEVEL</c> names a level (e.g.
    /// <c>Debug</c> shows every retry); standard output stays clean for tables and JSON.
    /// </summary>
    public static Microsoft.Extensions.Logging.ILoggerFactory? Logging()
    {
        var level = Environment.GetEnvironmentVariable("ARBITER_LOG_LEVEL");
        if (string.IsNullOrWhiteSpace(level) || !Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(level, ignoreCase: true, out var min)) return null;
        return Microsoft.Extensions.Logging.LoggerFactory.Create(b => b
            .SetMinimumLevel(min)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace));
    }

    /// <summary>Opens the store: PostgreSQL when a connection string is in the configured variable, else SQLite.</summary>
    public static async Task<IRunStore> OpenStoreAsync(string? dbPath, RunDefaults? run, CancellationToken cancellationToken)
    {
        var urlEnv = run?.DatabaseUrlEnv ?? "ARBITER_DATABASE_URL";
        var url = Environment.GetEnvironmentVariable(urlEnv);
        var store = RunStoreFactory.Open(string.IsNullOrWhiteSpace(url) ? null : url, dbPath ?? run?.Database ?? "arbiter.db");
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>Rejects a value of <paramref name="option"/> below <paramref name="min"/> at parse time, naming the flag.</summary>
    public static void AtLeast(Option<int?> option, int min) =>
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v < min) r.AddError($"{option.Name} must be at least {min}, not {v}");
        });

    /// <summary>Runs <paramref name="body"/>, turning input errors into exit code 2 and Ctrl+C into 130.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ProviderConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.Console.MarkupLine("[yellow]Interrupted.[/] Completed samples are stored; run the same command again (or [bold]arbiter run --resume RUN_ID[/]) to continue.");
            return ExitCodes.Interrupted;
        }
        catch (StoreException ex)
        {
            var hint = ex.IsTransient ? " (still failing after retries; completed samples are stored — run the same command again to resume)" : "";
            await Console.Error.WriteLineAsync($"storage error: {ex.Message}{hint}").ConfigureAwait(false);
            return ExitCodes.StoreFailed;
        }
        catch (Engine.Runner.RunLeaseHeldException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.RunHeld;
        }
    }
}
