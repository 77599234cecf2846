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
        int ok = 0, filter = 0, transient = 0, permanent = 0, blocked = 0;
        foreach (var s in samples)
        {
            switch (s.Response.Status)
            {
                case SampleStatus.Ok: ok++; break;
                case SampleStatus.ContentFilter: filter++; break;
                case SampleStatus.BlockedByPolicy: blocked++; break;
                default:
                    if (s.Response.ErrorKind == ErrorKind.Transient) transient++;
                    else permanent++;
                    break;
            }
        }

        return new OutcomeCounts(ok, filter, transient, permanent, blocked);
    }
}
