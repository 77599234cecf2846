using System.Runtime.InteropServices;

namespace Arbiter.Bench.Shared;

/// <summary>CPU seconds of child processes (linked into the benches that run the CLI as a child).</summary>
internal static class ChildCpu
{
    /// <summary>User + system CPU of every child waited for so far (getrusage(RUSAGE_CHILDREN)); NaN where it cannot be read.</summary>
    public static double Seconds()
    {
        var usage = default(RUsage);
        return GetRUsage(-1, ref usage) == 0 ? usage.UserSec + (usage.UserUsec / 1e6) + usage.SysSec + (usage.SysUsec / 1e6) : double.NaN;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, ref RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSec, UserUsec, SysSec, SysUsec;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }
}
