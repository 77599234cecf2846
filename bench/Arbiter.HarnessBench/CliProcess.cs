using System.Diagnostics;

namespace Arbiter.HarnessBench;

/// <summary>How the CLI scenarios start a variant of the CLI.</summary>
internal static class CliProcess
{
    /// <summary>
    /// <c>dotnet arbiter.dll …</c> for a build's dll (as <c>dotnet run</c> starts it); the file itself for a native
    /// launcher (a published <c>arbiter</c>, or the .NET tool's shim), as a user's shell starts it.
    /// </summary>
    public static ProcessStartInfo StartInfo(CliStartupBench.Variant v, string work, IEnumerable<string> args)
    {
        var psi = Arbiter.Bench.Shared.CliLauncher.StartInfo(v.CliDll, work, args);
        foreach (var (k, val) in v.Env) psi.Environment[k] = val;
        return psi;
    }
}
