using Arbiter.Core.Runs;

namespace Arbiter.Engine.Metrics;

/// <summary>How samples ended, by kind: answers, provider refusals (content filter), errors, policy blocks.</summary>
/// <param name="Ok">The model answered.</param>
/// <param name="ContentFilter">The provider's content filter stopped the answer (a refusal by the endpoint).</param>
/// <param name="TransientErrors">Failed after retries with a transient error (429, 5xx, timeouts, broken streams).</param>
/// <param name="PermanentErrors">Failed with a permanent error (4xx, malformed responses).</param>
/// <param name="BlockedByPolicy">Never sent: the residency policy forbade it.</param>
public sealed record OutcomeCounts(int Ok, int ContentFilter, int TransientErrors, int PermanentErrors, int BlockedByPolicy)
{
    /// <summary>No samples.</summary>
    public static OutcomeCounts Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>All errors (transient and permanent).</summary>
    public int Errors => TransientErrors + PermanentErrors;

    /// <summary>Total samples counted.</summary>
    public int Total => Ok + ContentFilter + Errors + BlockedByPolicy;

    /// <summary>Counts the outcomes of <paramref name="samples"/>.</summary>
    public static OutcomeCounts Count(IEnumerable<SampleRecord> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var tally = default(OutcomeTally);
        foreach (var s in samples) tally.Add(s);
        return tally.ToCounts();
    }
}

/// <summary><see cref="OutcomeCounts"/> one sample at a time (for callers that stream samples).</summary>
internal struct OutcomeTally
{
    private int _ok, _filter, _transient, _permanent, _blocked;

    public void Add(SampleRecord s)
    {
        switch (s.Response.Status)
        {
            case SampleStatus.Ok: _ok++; break;
            case SampleStatus.ContentFilter: _filter++; break;
            case SampleStatus.BlockedByPolicy: _blocked++; break;
            default:
                if (s.Response.ErrorKind == ErrorKind.Transient) _transient++;
                else _permanent++;
                break;
        }
    }

    public readonly OutcomeCounts ToCounts() => new(_ok, _filter, _transient, _permanent, _blocked);
}
