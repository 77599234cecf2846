using Arbiter.Core.Suites;

namespace Arbiter.Engine.Sovereignty;

/// <summary>Why a model is called; recorded in the audit log.</summary>
public enum CallPurpose
{
    /// <summary>A benchmark sample.</summary>
    Benchmark,
    /// <summary>An LLM judge grading a response.</summary>
    Judge,
    /// <summary>An arena battle.</summary>
    Arena,
    /// <summary>An audit probe.</summary>
    Audit,
    /// <summary>A connectivity check (<c>arbiter models ping</c>).</summary>
    Ping,
}

/// <summary>
/// What a payload is and where it came from: the residency gate decides on
/// <see cref="Confidentiality"/>, the audit log records the rest.
/// </summary>
/// <param name="SuiteId">Suite of the payload, if any.</param>
/// <param name="ItemId">Item of the payload, if any.</param>
/// <param name="Confidentiality">Effective confidentiality of everything in the payload.</param>
/// <param name="Purpose">Why the call is made.</param>
public sealed record CallContext(string? SuiteId, string? ItemId, Confidentiality Confidentiality, CallPurpose Purpose)
{
    /// <summary>Context for an item of a suite, with the item's effective confidentiality.</summary>
    public static CallContext ForItem(Suite suite, SuiteItem item, CallPurpose purpose = CallPurpose.Benchmark)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(item);
        return new(suite.Id, item.Id, ResidencyPolicy.EffectiveConfidentiality(suite, item), purpose);
    }

    /// <summary>The run whose sample this call produces (recorded so a verifier can pair entry and sample).</summary>
    public string? RunId { get; init; }

    /// <summary>The sample's epoch, with <see cref="RunId"/>.</summary>
    public int? Epoch { get; init; }

    /// <summary>The purpose as recorded in the audit log (lower case).</summary>
    public string PurposeName => Purpose switch
    {
        CallPurpose.Benchmark => "benchmark",
        CallPurpose.Judge => "judge",
        CallPurpose.Arena => "arena",
        CallPurpose.Audit => "audit",
        _ => "ping",
    };
}
