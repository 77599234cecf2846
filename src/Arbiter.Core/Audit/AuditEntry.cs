namespace Arbiter.Core.Audit;

/// <summary>
/// One line of the audit log: an outbound model call, or a call the residency policy blocked.
/// It describes the request (endpoint, ids, a SHA-256 of the payload and its size) but never holds
/// the payload itself, so the log may be handed to an auditor whatever the data's confidentiality.
/// </summary>
/// <param name="TimeMs">When the call finished (or was blocked), or for an <see cref="AuditOutcomes.Intent"/> when the request was about to leave; UTC unix milliseconds.</param>
/// <param name="ModelId">Arbiter's id of the model.</param>
/// <param name="Endpoint">Base URL the request went (or would have gone) to.</param>
/// <param name="Model">Model name sent to the endpoint.</param>
/// <param name="Jurisdiction">Where the endpoint processes data, as configured.</param>
/// <param name="SuiteId">Suite the payload came from, when it came from one.</param>
/// <param name="ItemId">Item the payload came from, when it came from one.</param>
/// <param name="Purpose">Why the call was made: <c>benchmark</c>, <c>judge</c>, <c>arena</c>, <c>audit</c>, <c>ping</c>.</param>
/// <param name="Confidentiality">Effective confidentiality of the payload: <c>public</c>, <c>internal</c>, <c>confidential</c>.</param>
/// <param name="PayloadSha256">Lower-case hex SHA-256 of the canonical request payload.</param>
/// <param name="PayloadBytes">Size of the canonical request payload in bytes.</param>
/// <param name="Attempts">HTTP attempts made (0 when blocked).</param>
/// <param name="Outcome"><c>intent</c> (written before the request leaves), then <c>ok</c>, <c>error</c>, <c>content_filter</c>,
/// <c>cancelled</c>; or <c>blocked_by_policy</c> alone. See <see cref="AuditOutcomes"/>.</param>
/// <param name="Detail">The blocking rule, or the error kind; never a secret or the payload.</param>
public sealed record AuditEntry(
    long TimeMs,
    string ModelId,
    string Endpoint,
    string Model,
    string Jurisdiction,
    string? SuiteId,
    string? ItemId,
    string Purpose,
    string Confidentiality,
    string PayloadSha256,
    long PayloadBytes,
    int Attempts,
    string Outcome,
    string? Detail)
{
    /// <summary>
    /// Shared by a call's <see cref="AuditOutcomes.Intent"/> and its outcome, so a verifier can pair
    /// them; null on entries written before calls were linked (they hash as before).
    /// </summary>
    public string? CallId { get; init; }

    /// <summary>The run whose sample this call produced, when it was one; pairs the entry with that sample.</summary>
    public string? RunId { get; init; }

    /// <summary>The sample's epoch, with <see cref="RunId"/>.</summary>
    public int? Epoch { get; init; }

    /// <summary>Position in the chain, from 1; assigned by the store when the entry is appended.</summary>
    public long Sequence { get; init; }

    /// <summary>Hash of the previous entry (<see cref="AuditChain.Genesis"/> for the first).</summary>
    public string PrevHash { get; init; } = "";

    /// <summary>SHA-256 over <see cref="AuditChain.Canonical"/> of this entry, including <see cref="PrevHash"/>.</summary>
    public string Hash { get; init; } = "";
}

/// <summary>The values of <see cref="AuditEntry.Outcome"/>.</summary>
public static class AuditOutcomes
{
    /// <summary>The request is about to leave; an outcome entry with the same call id follows.</summary>
    public const string Intent = "intent";

    /// <summary>The endpoint answered.</summary>
    public const string Ok = "ok";

    /// <summary>The call failed after its retries.</summary>
    public const string Error = "error";

    /// <summary>The endpoint's content filter stopped the answer.</summary>
    public const string ContentFilter = "content_filter";

    /// <summary>The run was stopped while the request was out; it may have reached the endpoint.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The residency policy forbade the call; nothing was sent (no intent precedes it).</summary>
    public const string BlockedByPolicy = "blocked_by_policy";
}

/// <summary>Result of checking the chain.</summary>
/// <param name="Valid">True when every entry is intact and in order.</param>
/// <param name="Entries">Entries checked (up to and including the first bad one).</param>
/// <param name="HeadHash">Hash of the last good entry: record it outside the database to detect truncation later.</param>
/// <param name="FirstBadSequence">Sequence number of the first bad entry (or the position where one is missing).</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record AuditVerification(bool Valid, long Entries, string HeadHash, long? FirstBadSequence, string? Problem);
