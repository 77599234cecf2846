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
        if (LogLevel() is not { } min) return null;
        return Microsoft.Extensions.Logging.LoggerFactory.Create(b => b
            .SetMinimumLevel(min)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace));
    }

    /// <summary>The level <c>ARBITER_LOG_LEVEL</c> names, or null (logging off).</summary>
    public static Microsoft.Extensions.Logging.LogLevel? LogLevel() =>
        Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(Environment.GetEnvironmentVariable("ARBITER_LOG_LEVEL"), ignoreCase: true, out var min) ? min : null;

    /// <summary>
    /// The config for a command that can work without one (reading the store): loaded when the file exists or
    /// <c>--config</c> was given explicitly (then a missing file is an error), else null (the default database).
    /// </summary>
    public static ArbiterConfig? OptionalConfig(ParseResult parse, Option<string> config)
    {
        var path = parse.GetValue(config)!;
        return File.Exists(path) || parse.GetResult(config) is { Implicit: false } ? ConfigLoader.LoadFile(path) : null;
    }

    /// <summary>
    /// Opens the store the same way for every command: <c>--db</c>, else the config's <c>run.database</c>, else
    /// <c>arbiter.db</c>; PostgreSQL instead when the variable named by <c>run.databaseUrlEnv</c> (default
    /// <c>ARBITER_DATABASE_URL</c>) holds a connection string.
    /// </summary>
    public static Task<IArbiterStore> OpenStoreAsync(string? dbPath, RunDefaults? run, CancellationToken cancellationToken) =>
        OpenStoreAsync(dbPath, run, StoreAccess.ReadWrite, cancellationToken);

    /// <summary>
    /// As <see cref="OpenStoreAsync(string?, RunDefaults?, CancellationToken)"/>; with <see cref="StoreAccess.ReadOnly"/>
    /// a SQLite file must already exist (a clear error otherwise, and no empty file left behind) and is read without
    /// taking the writer's lock.
    /// </summary>
    public static async Task<IArbiterStore> OpenStoreAsync(string? dbPath, RunDefaults? run, StoreAccess access, CancellationToken cancellationToken)
    {
        var urlEnv = run?.DatabaseUrlEnv ?? "ARBITER_DATABASE_URL";
        var url = Environment.GetEnvironmentVariable(urlEnv);
        var path = dbPath ?? run?.Database ?? "arbiter.db";
        if (access == StoreAccess.ReadOnly && string.IsNullOrWhiteSpace(url) && !File.Exists(path))
        {
            // A wrong --db or run.database is a usage error (exit 2), not a storage failure: nothing was ever stored there.
            throw new InputException(dbPath is null ? "run.database" : "--db", $"no SQLite database at '{path}': nothing has been stored there. Check --db, or run.database / run.databaseUrlEnv in arbiter.yaml (--config).");
        }

        var store = RunStoreFactory.Open(string.IsNullOrWhiteSpace(url) ? null : url, path, access == StoreAccess.ReadOnly);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return store;
    }

    /// <summary>Rejects a value of <paramref name="option"/> below <paramref name="min"/> at parse time, naming the flag.</summary>
    public static void AtLeast(Option<int?> option, int min) =>
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v < min) r.AddError($"{option.Name} must be at least {min}, not {v}");
        });

    /// <summary>Prints the loader's warnings (e.g. a value mapped to a vendor's limit) to stderr; returns the config.</summary>
    public static ArbiterConfig Warn(ArbiterConfig config)
    {
        foreach (var warning in config.Warnings) Console.Error.WriteLine(warning);
        return config;
    }

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
        catch (InputException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Engine.RecordedLogs.LogFormatException ex)
        {
            // A replay model's log that cannot be read: found before anything is stored.
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
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

/// <summary>Whether a command writes to the store.</summary>
internal enum StoreAccess
{
    /// <summary>Runs, imports, votes: the file is created and migrated as needed.</summary>
    ReadWrite,
    /// <summary>Listings, reports, comparisons: the store must exist and is only read.</summary>
    ReadOnly,
}
