using System.Runtime.CompilerServices;
using System.Text;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>
/// Our own small snapshot helper: compares text with <c>NAME.verified.txt</c> next to the calling
/// test file; on a mismatch (or a missing file) writes <c>NAME.received.txt</c> beside it and fails.
/// Accept a change by reviewing the diff and renaming received → verified.
/// </summary>
internal static class Golden
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        var dir = Path.GetDirectoryName(callerPath)!;
        var verified = Path.Combine(dir, name + ".verified.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        var normalized = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (File.Exists(verified) && File.ReadAllText(verified, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal) == normalized)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        File.WriteAllText(received, normalized, new UTF8Encoding(false));
        Assert.Fail(File.Exists(verified)
            ? $"{name}: output differs from {verified}; see {received} (diff them, and rename if the change is intended)"
            : $"{name}: no verified file yet; review {received} and rename it to {Path.GetFileName(verified)}");
    }
}
