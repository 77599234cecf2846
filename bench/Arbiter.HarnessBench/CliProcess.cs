using System.Diagnostics;

namespace Arbiter.HarnessBench;

/// <summary>How the CLI scenarios start a variant of the CLI.</summary>
internal static class CliProcess
{
    /// <summary>
    /// <c>dotnet arbiter.dll …</c> for a build's dll (as <c>dotnet run</c> starts it); the file itself for a native
    /// launcher (a published <c>arbiter</c>, or the .NET tool's shim), as a user's shell starts it. Each variant keeps
    /// its start-up profile (<see cref="Arbiter.Engine.Diagnostics.StartupProfile"/>) in <paramref name="benchDir"/>, so
    /// its first run in a bench is a first run ever and later ones replay what the variant itself compiled (two builds
    /// sharing one file would each find the other's profile); a variant's own <c>ARBITER_JIT_PROFILE_DIR</c> wins.
    /// </summary>
    public static ProcessStartInfo StartInfo(CliStartupBench.Variant v, string benchDir, string work, IEnumerable<string> args)
    {
        var psi = Arbiter.Bench.Shared.CliLauncher.StartInfo(v.CliDll, work, args);
        psi.Environment[Arbiter.Engine.Diagnostics.StartupProfile.DirectoryVariable] = ProfileDir(benchDir, v);
        foreach (var (k, val) in v.Env) psi.Environment[k] = val;
        return psi;
    }

    /// <summary>The variant's profile directory in this bench run.</summary>
    public static string ProfileDir(string benchDir, CliStartupBench.Variant v) =>
        Path.Combine(benchDir, "jit-profiles", string.Concat(v.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')));

    /// <summary>Whether the variant's next run will find a profile of <paramref name="command"/> (its own setting aside).</summary>
    public static bool HasProfile(string benchDir, CliStartupBench.Variant v, string command) =>
        !v.Env.ContainsKey(Arbiter.Engine.Diagnostics.StartupProfile.DirectoryVariable) && File.Exists(Path.Combine(ProfileDir(benchDir, v), Arbiter.Engine.Diagnostics.StartupProfile.FileName(command)));
}
