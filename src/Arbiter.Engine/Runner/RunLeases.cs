using System.Diagnostics;
using System.Globalization;
using Arbiter.Core.Storage;
using Arbiter.Engine.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Arbiter.Engine.Runner;

/// <summary>Another process holds the run: running it too would call every item twice.</summary>
public sealed class RunLeaseHeldException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunLeaseHeldException() : base("The run is held by another process.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RunLeaseHeldException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public RunLeaseHeldException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// The leases of the runs one invocation works on. A second process that finds a live lease
/// refuses (the simplest correct behaviour: no item is called twice, and the message says who holds
/// it and until when). A lease whose holder is gone is taken over: at once when the holder ran on
/// this host and its process no longer exists, otherwise when it expires (<see cref="Ttl"/> after its last renewal).
/// </summary>
internal sealed class RunLeases(IRunLeaseStore? store, TimeProvider time, StoreRetry retry, ILogger log) : IAsyncDisposable
{
    /// <summary>How long a lease lasts without renewal; renewed every third of it.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    private readonly string _owner = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
    private readonly List<string> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _renewal;

    /// <summary>Takes the lease of <paramref name="runId"/> or throws <see cref="RunLeaseHeldException"/>.</summary>
    public async Task AcquireAsync(string runId, CancellationToken cancellationToken)
    {
        if (store is null) return;
        var lease = await TryAsync(runId, null, cancellationToken).ConfigureAwait(false);
        if (lease.Owner != _owner && IsDeadLocalHolder(lease.Owner))
        {
            var previous = lease.Owner;
            lease = await TryAsync(runId, previous, cancellationToken).ConfigureAwait(false);
            if (lease.Owner == _owner) EngineLog.LeaseTakenOver(log, runId, _owner, previous);
        }

        if (lease.Owner != _owner)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var held = string.Create(CultureInfo.InvariantCulture,
                $"run {runId} is already being run by {Describe(lease.Owner)} (lease renewed {(now - lease.RenewedAtMs) / 1000.0:0} s ago, expires in {Math.Max(0, lease.ExpiresAtMs - now) / 1000.0:0} s). ");
            throw new RunLeaseHeldException(held +
                "Running it twice would call every item twice. Wait until that run finishes (re-running then resumes whatever is left), or, if that process is gone, run again after the lease expires.");
        }

        lock (_held) _held.Add(runId);
        _renewal ??= Task.Run(RenewLoopAsync, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_renewal is not null) await _renewal.ConfigureAwait(false);
        foreach (var runId in _held)
        {
            try
            {
                await store!.ReleaseLeaseAsync(runId, _owner, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StoreException ex)
            {
                // The lease then simply expires; the run's outcome must not depend on this.
                EngineLog.LeaseRenewFailed(log, runId, ex.Message);
            }
        }

        _stop.Dispose();
    }

    private Task<RunLease> TryAsync(string runId, string? takeOverFrom, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return retry.ExecuteAsync("acquire run lease", () =>
            store!.AcquireLeaseAsync(runId, _owner, now, now + (long)Ttl.TotalMilliseconds, takeOverFrom, cancellationToken), cancellationToken);
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(Ttl / 3, time, _stop.Token).ConfigureAwait(false);
                string[] held;
                lock (_held) held = [.. _held];
                foreach (var runId in held)
                {
                    try
                    {
                        await TryAsync(runId, null, _stop.Token).ConfigureAwait(false);
                    }
                    catch (StoreException ex)
                    {
                        EngineLog.LeaseRenewFailed(log, runId, ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the run is over.
        }
    }

    private static string Describe(string owner) =>
        owner.Split(':') is [var host, var pid, ..] ? $"process {pid} on {host}" : owner;

    /// <summary>A killed process not yet reaped by its parent still "exists" but will never renew (Linux state Z).</summary>
    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A holder on this host whose process has exited cannot renew; waiting for its expiry would only delay a resume.</summary>
    private static bool IsDeadLocalHolder(string owner)
    {
        if (owner.Split(':') is not [var host, var pidText, ..] || host != Environment.MachineName) return false;
        if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || IsZombie(pid);
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
