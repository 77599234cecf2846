using Arbiter.Core.Storage;
using Arbiter.Core.Runs;

namespace Arbiter.Storage.Rows;

/// <summary>
/// Enum values as stored text. Spelled out rather than <c>ToString()</c> so that renaming a C#
/// member can never silently change what is on disk.
/// </summary>
internal static class StoredNames
{
    public static string ToText(SampleStatus status) => status switch
    {
        SampleStatus.Ok => "ok",
        SampleStatus.Error => "error",
        SampleStatus.ContentFilter => "content_filter",
        SampleStatus.BlockedByPolicy => "blocked_by_policy",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown sample status."),
    };

    public static SampleStatus ParseSampleStatus(string text) => text switch
    {
        "ok" => SampleStatus.Ok,
        "error" => SampleStatus.Error,
        "content_filter" => SampleStatus.ContentFilter,
        "blocked_by_policy" => SampleStatus.BlockedByPolicy,
        _ => throw Unknown("sample status", text),
    };

    public static string ToText(ErrorKind kind) => kind switch
    {
        ErrorKind.None => "none",
        ErrorKind.Transient => "transient",
        ErrorKind.Permanent => "permanent",
        ErrorKind.ContentFilter => "content_filter",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown error kind."),
    };

    public static ErrorKind ParseErrorKind(string text) => text switch
    {
        "none" => ErrorKind.None,
        "transient" => ErrorKind.Transient,
        "permanent" => ErrorKind.Permanent,
        "content_filter" => ErrorKind.ContentFilter,
        _ => throw Unknown("error kind", text),
    };

    public static string ToText(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static RunStatus ParseRunStatus(string text) => text switch
    {
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        _ => throw Unknown("run status", text),
    };

    public static string ToText(RunKind kind) => kind switch
    {
        RunKind.Benchmark => "benchmark",
        RunKind.AuditProbe => "audit_probe",
        RunKind.AuditJudge => "audit_judge",
        RunKind.ArenaJudge => "arena_judge",
        RunKind.Submission => "submission",
        RunKind.RubricJudge => "rubric_judge",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown run kind."),
    };

    public static RunKind ParseRunKind(string text) => text switch
    {
        "benchmark" => RunKind.Benchmark,
        "audit_probe" => RunKind.AuditProbe,
        "audit_judge" => RunKind.AuditJudge,
        "arena_judge" => RunKind.ArenaJudge,
        "submission" => RunKind.Submission,
        "rubric_judge" => RunKind.RubricJudge,
        _ => throw Unknown("run kind", text),
    };

    private static StoreException Unknown(string what, string text) =>
        new($"The database holds an unknown {what} '{text}'; it was written by a newer version of Arbiter.");
}
