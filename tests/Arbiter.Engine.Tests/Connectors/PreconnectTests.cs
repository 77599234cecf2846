using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Providers.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>Connections opened ahead of a run's first wave: handed out to its requests, and never in the way when absent or stale.</summary>
public sealed class PreconnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_take_the_opened_connections_and_connect_themselves_when_none_is_left()
    {
        await using var server = await CountingServer.StartAsync(closeFirst: 0);
        using var sockets = new PreconnectedSockets();
        sockets.Open(server.Url, 3);
        await server.WaitForConnectionsAsync(3);
        await WaitUntilAsync(() => sockets.Waiting("127.0.0.1", server.Url.Port) == 3);

        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = sockets.ConnectAsync });
        // Five at once, each held 300 ms by the server: five connections, three of them the opened ones.
        var ports = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => http.GetStringAsync(server.Url, Ct)));

        Assert.Equal(0, sockets.Waiting("127.0.0.1", server.Url.Port));
        Assert.Equal(5, ports.Distinct().Count());
        Assert.Equal(5, server.Accepted.Count);
        Assert.Subset(ports.ToHashSet(), server.Accepted.Take(3).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        // A web host disposes its client factory and so does its service container.
        var sockets = new PreconnectedSockets();
        sockets.Dispose();
        sockets.Dispose();
    }

    [Fact]
    public async Task A_connection_the_server_closed_is_not_handed_out()
    {
        await using var server = await CountingServer.StartAsync(closeFirst: 2);
        using var sockets = new PreconnectedSockets();
        sockets.Open(server.Url, 2);
        await server.WaitForConnectionsAsync(2);
        await Task.Delay(200, Ct);

        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = sockets.ConnectAsync });
        var port = await http.GetStringAsync(server.Url, Ct);

        Assert.Equal(0, sockets.Waiting("127.0.0.1", server.Url.Port));
        Assert.Equal(3, server.Accepted.Count);
        Assert.Equal(server.Accepted.Last().ToString(System.Globalization.CultureInfo.InvariantCulture), port);
    }

    [Fact]
    public async Task The_factory_opens_connections_to_a_models_endpoint_but_not_to_a_replayed_or_own_pool_model()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var model = new ModelSpec("m", "openai", $"http://127.0.0.1:{port}/v1", "m", null, "local", null, null, null, GenerationParameters.Default);
        using var factory = new ChatClientFactory();

        factory.Preconnect(model with { ReplayLog = "answers.jsonl" }, 4);
        factory.Preconnect(model with { CaCertFile = "root.pem" }, 4);
        factory.Preconnect(model, 4);

        var accepted = new List<Socket>();
        for (var i = 0; i < 4; i++) accepted.Add(await listener.AcceptSocketAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await Task.Delay(300, Ct);
        Assert.False(listener.Pending());
        foreach (var s in accepted) s.Dispose();
    }

    [Fact]
    public async Task A_run_opens_no_connection_to_an_endpoint_the_policy_keeps_its_suite_from()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var suite = Runner.SimHarness.MakeSuite(5) with { Confidentiality = Arbiter.Core.Suites.Confidentiality.Confidential };
        await using var h = await Runner.SimHarness.StartAsync(suite: suite);
        var foreign = h.Model(concurrency: 4) with { BaseUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1", Jurisdiction = "us" };

        var (runs, _) = await h.RunAsync(foreign, cancellationToken: Ct);

        Assert.Equal(5, (await h.SamplesAsync(runs[0].RunId)).Count(s => s.Response.Status == Arbiter.Core.Runs.SampleStatus.BlockedByPolicy));
        await Task.Delay(300, Ct);
        Assert.False(listener.Pending());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25, Ct);
        Assert.True(condition());
    }

    /// <summary>Kestrel on loopback that records every accepted connection's client port and answers with the request's.</summary>
    private sealed class CountingServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private CountingServer(WebApplication app, Uri url) => (_app, Url) = (app, url);

        public ConcurrentQueue<int> Accepted { get; } = new();

        public Uri Url { get; }

        public static async Task<CountingServer> StartAsync(int closeFirst)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            CountingServer? self = null;
            var closed = 0;
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.Use(next => async connection =>
            {
                self!.Accepted.Enqueue(((IPEndPoint)connection.RemoteEndPoint!).Port);
                // The first ones are closed at once, as a server's idle timeout would.
                if (Interlocked.Increment(ref closed) <= closeFirst) return;
                await next(connection);
            })));
            var app = builder.Build();
            app.Run(async ctx =>
            {
                await Task.Delay(300, ctx.RequestAborted);
                await ctx.Response.WriteAsync(ctx.Connection.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture), ctx.RequestAborted);
            });
            self = new CountingServer(app, new Uri($"http://127.0.0.1:{port}/"));
            await app.StartAsync();
            return self;
        }

        public async Task WaitForConnectionsAsync(int count) => await WaitUntilAsync(() => Accepted.Count >= count);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
