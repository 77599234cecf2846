using System.Collections.Frozen;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Arbiter.Simulator;

/// <summary>
/// Arbiter's own OpenAI-compatible model server on loopback: the demo's model zoo and the fixture
/// for every test of the real HTTP client code. All models are clearly labelled simulations.
/// </summary>
public sealed class SimulatedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly FaultPlanner _planner;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private SimulatedModelServer(WebApplication app, CancellationTokenSource stopping, FaultPlanner planner, SimStats stats, Uri baseUrl)
    {
        _app = app;
        _stopping = stopping;
        _planner = planner;
        Stats = stats;
        BaseUrl = baseUrl;
    }

    /// <summary>The OpenAI base URL, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Live request counters.</summary>
    public SimStats Stats { get; }

    /// <summary>Starts the server and returns once it is listening.</summary>
    public static async Task<SimulatedModelServer> StartAsync(SimServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.LatencyScale);
        var models = options.Models.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

        // The empty builder reads no appsettings.json, environment variables or command line and adds no
        // logging: whatever directory the CLI runs in, the simulator binds only where told and stays quiet.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));

        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var stats = new SimStats(models.Keys);
        var planner = new FaultPlanner(options.Seed);
        var chat = new ChatHandler(options, models, new AnswerComposer(options.Seed, options.Knowledge), planner, stats, stopping.Token);
        var router = new SimRouter(options, models, chat, stats);
        app.Run(router.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new SimulatedModelServer(app, stopping, planner, stats, new Uri($"http://127.0.0.1:{port}/v1"));
    }

    /// <summary>Zeroes all counters.</summary>
    public void ResetStats() => Stats.Reset();

    /// <summary>Forgets how many attempts each request body has had (restarts <see cref="FaultProfile.FailFirstAttempts"/>).</summary>
    public void ResetAttempts() => _planner.Reset();

    /// <summary>
    /// Completes when the server is disposed or <paramref name="cancellationToken"/> fires (e.g. Ctrl+C in
    /// <c>arbiter sim serve</c>); cancellation is the normal way out, so it returns rather than throws.
    /// </summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopped.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the caller disposes the server next.
        }
    }

    /// <summary>Stops listening, cancels hanging requests and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Cancel hangs first so the graceful stop does not wait minutes for them.
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
        _stopped.TrySetResult();
    }
}
