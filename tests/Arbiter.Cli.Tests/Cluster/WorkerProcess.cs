using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Arbiter.Cli.Tests.Cluster;

/// <summary>
/// One <c>arbiter worker</c> child process on its own free silo and gateway ports. A restart reuses the ports,
/// as a worker restarted on the same machine would, so the new silo also tells the cluster the old one is gone.
/// </summary>
internal sealed class WorkerProcess(string dir, string databaseUrl, params string[] extra) : IDisposable
{
    private readonly int _siloPort = FreePort();
    private readonly int _gatewayPort = FreePort();
    private CliProcess? _process;

    public int Starts { get; private set; }

    public string Output => _process is null ? "" : _process.StdOut + _process.StdErr;

    public void Start()
    {
        _process?.Dispose();
        var inv = CultureInfo.InvariantCulture;
        _process = CliProcess.Start(dir, null, ["worker", "--database-url", databaseUrl,
            "--silo-port", _siloPort.ToString(inv), "--gateway-port", _gatewayPort.ToString(inv), .. extra]);
        Starts++;
    }

    /// <summary>Waits until the silo has joined (it prints so once started).</summary>
    public async Task WaitJoinedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_process!.StdOut.Contains("Worker joined cluster", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"worker on silo port {_siloPort} did not join within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL, like a crash or an OOM kill: no chance to leave the cluster or hand anything back.</summary>
    public void Kill() => _process?.Kill();

    public void Dispose() => _process?.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
