using System.Diagnostics;

namespace Arbiter.Bench.Shared;

/// <summary>How a bench starts an Arbiter CLI: a build's dll through <c>dotnet</c> (as <c>dotnet run</c> does), or a
/// native launcher (a published <c>arbiter</c>, or the installed .NET tool's shim) as a user's shell does.</summary>
internal static class CliLauncher
{
    public static ProcessStartInfo StartInfo(string cli, string workDir, IEnumerable<string> args)
    {
        var isDll = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var psi = new ProcessStartInfo(isDll ? "dotnet" : cli) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        if (isDll) psi.ArgumentList.Add(cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
