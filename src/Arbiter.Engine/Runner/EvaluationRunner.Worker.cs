using System.Threading.Channels;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.Replay;

namespace Arbiter.Engine.Runner;

public sealed partial class EvaluationRunner
{
    /// <summary>
    /// One of a model's <see cref="Core.Models.ModelSpec.MaxConcurrency"/> slots. While its call is out, the slot takes
    /// its next item and records that call's intent (durable before it is sent, as always), so once the answer is
    /// scored and queued for the store the next request leaves at once instead of waiting for a group commit of the
    /// audit log (issue 18: that wait cost ~3 % of slot-time at 200 ms calls). Sending the next request before
    /// scoring the answer was tried: it made the calls slower by as much as it saved (README, performance).
    /// A call armed this way that the run stops before sending is closed as <c>not_sent</c> in the log.
    /// Replayed and cached answers need no call and are completed as they are read.
    /// </summary>
    private static async Task WorkerAsync(ChannelReader<WorkItem> work, ModelCaller? caller, ReplayModel? replay, StreamChoice streaming, RunMonitor monitor, SampleWriter writer,
        RubricJudging judging, CancellationToken cancellationToken)
    {
        Task<Armed?>? arming = null;
        Task<AuditedCall>? sending = null;
        try
        {
            var current = await ArmAsync().ConfigureAwait(false);
            sending = Send(current);
            while (current is not null)
            {
                arming = ArmAsync();
                var call = await sending!.ConfigureAwait(false);
                sending = null;
                await CompleteAsync(current.Item, call.Response, call.Outcome, cacheHit: false, monitor, writer, judging, cancellationToken).ConfigureAwait(false);
                var next = await arming.ConfigureAwait(false);
                arming = null;
                sending = Send(next);
                current = next;
            }
        }
        finally
        {
            // Stopping (cancelled, or the store failed): a call still out is logged by the caller when it is
            // cancelled, or here when it answered anyway; an armed one that never left is closed as not sent.
            if (sending is not null) await SettleAsync(sending, caller!).ConfigureAwait(false);
            if (arming is not null) await WithdrawAsync(arming, caller!).ConfigureAwait(false);
        }

        Task<AuditedCall>? Send(Armed? armed) => armed is null ? null : streaming.SendAsync(caller!, armed.Call, cancellationToken);

        async Task<Armed?> ArmAsync()
        {
            while (await work.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!work.TryRead(out var w)) continue;
                if (replay is not null)
                {
                    var answer = replay.Answer(w.Item, w.Epoch);
                    await CompleteAsync(w with { Metadata = ReplaySource.Metadata(w.Item.Metadata, answer) }, answer.Response, null, cacheHit: false, monitor, writer, judging, cancellationToken)
                        .ConfigureAwait(false);
                }
                else if (w.Cached is { } hit)
                {
                    await CompleteAsync(w, hit, null, cacheHit: true, monitor, writer, judging, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    return new Armed(w, await caller!.PrepareAsync(w.Messages, w.Parameters, w.Context, cancellationToken).ConfigureAwait(false));
                }
            }

            return null;
        }
    }

    private static async Task SettleAsync(Task<AuditedCall> sending, ModelCaller caller)
    {
        try
        {
            await caller.RecordAsync((await sending.ConfigureAwait(false)).Outcome).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled out: SendPreparedAsync has logged it as cancelled.
        }
    }

    private static async Task WithdrawAsync(Task<Armed?> arming, ModelCaller caller)
    {
        try
        {
            if (await arming.ConfigureAwait(false) is { } armed) await caller.WithdrawAsync(armed.Call).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before its intent was queued: there is nothing to close.
        }
    }

    private sealed record Armed(WorkItem Item, PreparedCall Call);
}
