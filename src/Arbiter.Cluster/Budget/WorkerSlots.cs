namespace Arbiter.Cluster.Budget;

/// <summary>
/// A worker's own capacity (<c>arbiter worker --max-in-flight</c>), shared by the shards running there. A freed slot goes to
/// a waiting call of the shard that started first (FIFO within it), not to whichever call asked first: with calls served
/// in turn, the shards running together kept pace and ended together, so every slot idled through their tails and
/// through the coordinator's start of the next ones; served oldest first, one shard finishes while the next still has
/// all its items, and the shard started in its place queues behind that one.
/// </summary>
public sealed class WorkerSlots
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<TaskCompletionSource, (long Rank, long Order)> _waiting = new();
    private long _order;

    /// <summary>A worker with <paramref name="capacity"/> slots.</summary>
    public WorkerSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Free = capacity;
    }

    /// <summary>Slots in all.</summary>
    public int Capacity { get; }

    /// <summary>Slots free now.</summary>
    public int Free { get; private set; }

    /// <summary>Waits for a slot; among waiting calls the lowest <paramref name="rank"/> (the oldest shard) is served first.</summary>
    public async ValueTask WaitAsync(long rank, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (Free > 0 && _waiting.Count == 0)
            {
                Free--;
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter, (rank, _order++));
        }

        // A cancelled waiter stays queued and is skipped when its turn comes (its TrySetResult fails).
        using (cancellationToken.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Returns a slot: to the best-ranked waiting call, else to the free ones.</summary>
    public void Release()
    {
        lock (_gate)
        {
            while (_waiting.TryDequeue(out var next, out _))
            {
                if (next.TrySetResult()) return;
            }

            if (Free == Capacity) throw new InvalidOperationException("Release of a worker slot that was not taken.");
            Free++;
        }
    }
}
