using System.Runtime;

namespace Arbiter.Engine.Diagnostics;

/// <summary>
/// Multi-core JIT for a command (<see cref="ProfileOptimization"/>): the runtime writes down which methods a command had
/// to compile, and when the same command starts again it compiles them on a background thread before they are first
/// called. ReadyToRun cannot precompile generic code instantiated across assemblies (async state machines over the
/// runtime's builders, JSON converters, collections of our records); without a profile the run's first requests and
/// first answers wait for it. The profile lives in the user's cache directory, one file per command; a profile left
/// by another build is ignored by the runtime (it checks each module's identity), and the directory being unwritable
/// only means no profile.
/// </summary>
public static class StartupProfile
{
    /// <summary>Where profiles go instead of the cache directory; <c>off</c> turns profiles off.</summary>
    public const string DirectoryVariable = "ARBITER_JIT_PROFILE_DIR";

    /// <summary>How long a process records: long enough for a run's first waves, short of a long run's steady state.</summary>
    public static readonly TimeSpan RecordFor = TimeSpan.FromSeconds(10);

    private static Timer? s_stop;

    /// <summary>
    /// Starts recording (and, when a profile of <paramref name="command"/> exists, replaying) for this process. Call once,
    /// as early as possible. Returns the profile's path, or null when profiles are off or the directory cannot be made.
    /// </summary>
    /// <param name="command">The command's name, e.g. <c>run</c> or <c>arena-leaderboard</c> (letters, digits, '-').</param>
    public static string? Start(string command)
    {
        var file = FileName(command);
        var dir = DirectoryFor(Environment.GetEnvironmentVariable);
        if (dir is null) return null;
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }

        ProfileOptimization.SetProfileRoot(dir);
        ProfileOptimization.StartProfile(file);
        // StartProfile(null) ends the recording and writes the file; the timer's one tick does it off the main thread.
        s_stop = new Timer(_ => ProfileOptimization.StartProfile(null), null, RecordFor, Timeout.InfiniteTimeSpan);
        return Path.Combine(dir, file);
    }

    /// <summary>The file a command's profile is kept in, inside the profile directory.</summary>
    /// <param name="command">The command's name (letters, digits, '-').</param>
    public static string FileName(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (!command.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) throw new ArgumentException("letters, digits and '-' only", nameof(command));
        return command.ToLowerInvariant() + ".jitprofile";
    }

    /// <summary>
    /// The profile directory: <see cref="DirectoryVariable"/> when set (null for <c>off</c>), else <c>arbiter/jit</c> under
    /// <c>$XDG_CACHE_HOME</c> (when absolute), <c>~/.cache</c>, or on Windows the local application data folder.
    /// </summary>
    internal static string? DirectoryFor(Func<string, string?> environment)
    {
        if (environment(DirectoryVariable) is { Length: > 0 } set)
        {
            return string.Equals(set.Trim(), "off", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(set);
        }

        string? cache;
        if (OperatingSystem.IsWindows())
        {
            cache = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }
        else if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            cache = xdg;
        }
        else
        {
            cache = environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache") : null;
        }

        return string.IsNullOrEmpty(cache) ? null : Path.Combine(cache, "arbiter", "jit");
    }
}
