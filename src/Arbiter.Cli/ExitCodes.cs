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

    /// <summary><c>audit-log verify</c> found a modified, deleted or reordered entry.</summary>
    public const int Tampered = 3;

    /// <summary><c>run</c>: calls were made and every one failed (no answers at all).</summary>
    public const int AllCallsFailed = 4;

    /// <summary>Interrupted (Ctrl+C); the run can be resumed.</summary>
    public const int Interrupted = 130;
}
