namespace Arbiter.Cli;

/// <summary>Process exit codes, stable for CI scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run completed but a score is below <c>--fail-under</c>.</summary>
    public const int BelowThreshold = 1;

    /// <summary><c>audit lint-probes</c> found a pair that differs outside its marked slots.</summary>
    public const int LintFindings = 1;

    /// <summary>Bad usage, config or suite file: nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary><c>audit-log verify</c> found a modified, deleted or reordered entry, a stored sample without its entry, or a call left in flight at a crash.</summary>
    public const int Tampered = 3;

    /// <summary><c>run</c>: calls were made and every one failed (no answers at all).</summary>
    public const int AllCallsFailed = 4;

    /// <summary>The store failed (after bounded retries of transient faults); completed samples are stored, re-run to resume (sysexits EX_IOERR).</summary>
    public const int StoreFailed = 74;

    /// <summary>Another process is running the same run (it holds the run's lease); nothing was called (sysexits EX_TEMPFAIL).</summary>
    public const int RunHeld = 75;

    /// <summary>Interrupted (Ctrl+C); the run can be resumed.</summary>
    public const int Interrupted = 130;
}
