using Arbiter.Core.Arena;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Arena;

/// <summary>
/// Enforces <see cref="ArbiterWebOptions.ConversationRetention"/>: purges older conversation text once before the
/// server takes requests (so expired text is never served after a restart), then every <see cref="Interval"/>.
/// A failed purge is logged and tried again on the next tick; it never stops the server. Battles the web nodes share
/// (<see cref="SharedBattleStates"/>) not changed within the period go too: their text is sealed, but the operator asked
/// for none older than that.
/// </summary>
internal sealed class ConversationRetention(IArenaConversationStore store, IWebNodeStateStore states, IOptions<ArbiterWebOptions> options,
    TimeProvider time, ILogger<ConversationRetention> log) : BackgroundService
{
    private readonly TimeSpan? _keep = options.Value.ConversationRetention;

    /// <summary>Between purges: a tenth of the period, between one minute and one hour.</summary>
    public TimeSpan Interval => _keep is { } keep ? TimeSpan.FromTicks(Math.Clamp(keep.Ticks / 10, TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour)) : Timeout.InfiniteTimeSpan;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_keep is not null) await PurgeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One purge of text older than the period; null when it failed (logged).</summary>
    public async Task<ConversationPurge?> PurgeAsync(CancellationToken cancellationToken = default)
    {
        if (_keep is not { } keep) return null;
        try
        {
            var before = (time.GetUtcNow() - keep).ToUnixTimeMilliseconds();
            var purge = await store.PurgeConversationsAsync(before, cancellationToken).ConfigureAwait(false);
            // Only battle states: request windows before 0 are none.
            var shared = await states.PruneWebNodeStateAsync(before, 0, cancellationToken).ConfigureAwait(false);
            if (purge.Total + shared > 0) Log.ConversationsPurged(log, purge.Battles, purge.Shares, purge.BlockedPrompts, shared);
            return purge;
        }
#pragma warning disable CA1031 // A store outage must not stop the server; the next tick tries again.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.ConversationPurgeFailed(log, ex);
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_keep is null) return;
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) await PurgeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
