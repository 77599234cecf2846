using System.Runtime.InteropServices;

namespace Arbiter.Cli;

/// <summary>
/// Caps glibc's malloc arenas for this process. glibc gives threads that contend for malloc arenas of their own, up to
/// eight per core, and each keeps what it freed: in a long <c>arbiter run</c> SQLite's page caches and statements,
/// allocated on whichever thread-pool thread ran the query, spread over 15 arenas that held 14 MB after 10k items and
/// 36 MB halfway through 1M (issue 18, README performance). This is what <c>MALLOC_ARENA_MAX</c> does, set from inside
/// the process before the thread pool grows; the arenas made before it stay.
/// </summary>
internal static class MallocArenas
{
    private const int ArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>Sets the cap unless the user set <c>MALLOC_ARENA_MAX</c> themselves; a no-op off glibc (macOS, Windows, musl).</summary>
    public static void Cap(int arenas)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null) return;
        try
        {
            _ = Mallopt(ArenaMax, arenas);
        }
        catch (EntryPointNotFoundException)
        {
            // musl has no mallopt (and no per-thread arenas to cap).
        }
        catch (DllNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);
}
