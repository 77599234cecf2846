using System.Net;
using System.Threading.RateLimiting;
using Arbiter.Core.Arena;
using Arbiter.Core.Storage;
using Arbiter.Engine.Arena;
using Arbiter.Engine.Providers;
using Arbiter.Web.Admin;
using Arbiter.Web.Arena;
using Arbiter.Web.Audit;
using Arbiter.Web.Leaderboard;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Arbiter.Web.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Hosting;

/// <summary>The Arbiter web UI (arena, leaderboard, runs, admin) on Kestrel.</summary>
public sealed class ArbiterWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable? _ownedClients;

    private ArbiterWebServer(WebApplication app, Uri url, IDisposable? ownedClients)
    {
        _app = app;
        Url = url;
        _ownedClients = ownedClients;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The host's services (tests and benchmarks reach the arena through them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds, validates the options and starts listening.</summary>
    /// <exception cref="OptionsValidationException">The settings are invalid.</exception>
    public static async Task<ArbiterWebServer> StartAsync(WebSetup setup, Action<ArbiterWebOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        IBattleStore battles = setup.Store;
        // The empty builder reads no appsettings.json from whatever directory the CLI runs in; settings
        // come from ARBITER_-prefixed environment variables and the command line only.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Arbiter.Web" });
        builder.Configuration.AddEnvironmentVariables("ARBITER_");
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (setup.Logging is { } logging) logging(builder.Logging);
        else builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

        var services = builder.Services;
        // Bound and validated once; the same instance configures Kestrel and the services below.
        services.AddOptions<ArbiterWebOptions>().BindConfiguration(ArbiterWebOptions.Section).PostConfigure(o => configure?.Invoke(o));
        services.AddSingleton<IValidateOptions<ArbiterWebOptions>, ArbiterWebOptionsValidator>();
        var probe = new ArbiterWebOptions();
        builder.Configuration.GetSection(ArbiterWebOptions.Section).Bind(probe);
        configure?.Invoke(probe);
        if (new ArbiterWebOptionsValidator().Validate(null, probe) is { Failed: true } invalid)
        {
            // Before the host is built: an invalid port or host must not get as far as Kestrel.
            throw new OptionsValidationException(nameof(ArbiterWebOptions), typeof(ArbiterWebOptions), invalid.Failures);
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(probe.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(probe.Host), probe.Port);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));

        var ownedClients = setup.Clients is null ? new ChatClientFactory() : null;
        var time = setup.Time ?? TimeProvider.System;
        services.AddRouting();
        services.AddProblemDetails();
        // One secret per deployment (random per process when none is configured) signs battle tokens, voter cookies and
        // anti-forgery tokens and keys the address hashes: with it shared, any node accepts what another issued.
        var (tokenKey, sharedKey) = TokenSecret.Read(probe);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "arbiter-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Nothing is written under the user's profile or to the store: the keys derive from the secret.
        services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(new SecretDataProtection(tokenKey)));
        AddRateLimits(services);
        services.AddSingleton(time);
        // One store behind every port the pages and services ask for.
        services.AddSingleton(setup.Store);
        services.AddSingleton<IRunStore>(setup.Store);
        services.AddSingleton<IAuditLogStore>(setup.Store);
        services.AddSingleton(setup);
        services.AddSingleton(battles);
        services.AddSingleton(new WebState(probe.Simulated, setup.Prompts ?? PromptPool.Default));
        // Both built-in stores keep the roster; with another store, admin changes last until restart.
        services.AddSingleton(_ => new ArenaModels(setup.Models, setup.Clients ?? ownedClients!, setup.Store, time));
        services.AddSingleton(sp => new PairSampler(sp.GetRequiredService<IOptions<ArbiterWebOptions>>().Value.PairSampling));
        services.AddSingleton(sp => new BattleSessions(sp.GetRequiredService<IOptions<ArbiterWebOptions>>().Value.BattleLifetime, time));
        services.AddSingleton(sp => new BattleTokens(tokenKey, sp.GetRequiredService<IOptions<ArbiterWebOptions>>().Value.BattleLifetime, time));
        services.AddSingleton(new VoterCookie(tokenKey));
        services.AddSingleton(new Engine.Arena.Integrity.VoterSignIn(setup.Store, tokenKey, time));
        services.AddSingleton<VoterIdentity>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ArbiterWebOptions>>().Value;
            return new Engine.Arena.Integrity.VoteLedger(setup.Store, o.VoteLimits, tokenKey, o.BattleLifetime);
        });
        services.AddSingleton(sp => new Engine.Arena.Integrity.RequestWindows(setup.Store, tokenKey,
            sp.GetRequiredService<IOptions<ArbiterWebOptions>>().Value.BattleLifetime, time));
        services.AddSingleton<IArenaIntegrityStore>(setup.Store);
        services.AddSingleton<IArenaConversationStore>(setup.Store);
        services.AddSingleton<BattleShares>();
        services.AddSingleton<BattleViews>();
        services.AddSingleton<IWebNodeStateStore>(setup.Store);
        services.AddSingleton(new BattleSeal(tokenKey));
        services.AddSingleton<SharedBattleStates>();
        services.AddHostedService<ConversationRetention>();
        services.AddSingleton(sp => ArenaModerationSetup.Moderator(setup, setup.Clients ?? ownedClients!, sp));
        services.AddSingleton<ArenaModeration>();
        services.AddSingleton(new ArenaNotice(setup.Notice));
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<ModelTurnRunner>();
        services.AddSingleton(sp => new BattleWriter(battles));
        services.AddSingleton<ArenaService>();

        var app = builder.Build();
        // Before the forwarded headers: the voter sign-in header is believed only from the proxy's own address.
        VoterIdentity.UsePeerCapture(app);
        if (probe.TrustedProxies.Count > 0) app.UseForwardedHeaders(ForwardedFor(probe.TrustedProxies));
        app.UseSecurityHeaders();
        app.UseFailureAnswers();
        app.UseRateLimiter();
        app.MapStaticAssets();
        app.MapLanguageApi();
        app.MapArenaApi();
        app.MapArenaPages();
        app.MapVoterSignIn();
        app.MapSharedBattlePage();
        app.MapLeaderboardPages();
        Frontier.FrontierPages.MapFrontierPages(app);
        app.MapRunsPages();
        app.MapAuditPage();
        Labels.LabelsWorkbench.MapLabelsWorkbench(app);
        app.MapAdminApi();
        app.MapGet("/", () => TypedResults.Redirect("/arena"));

        try
        {
            await app.Services.GetRequiredService<ArenaModels>()
                .RestoreAsync(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Arbiter.Web"), cancellationToken).ConfigureAwait(false);
            await SeedPairCountsAsync(app.Services, battles, cancellationToken).ConfigureAwait(false);
            // Built now, not on the first prompt: a bad moderation setting stops the start with its message.
            app.Services.GetRequiredService<Engine.Arena.Moderation.PromptModerator>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            ownedClients?.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = probe.Host is "0.0.0.0" or "::" ? "127.0.0.1" : probe.Host;
        var url = new Uri($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{new Uri(address).Port}/");
        Log.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Arbiter.Web"), url.ToString());
        if (!sharedKey) Log.TokenSecretRandom(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Arbiter.Web"), probe.TokenSecretEnv);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(probe.AdminKeyEnv)))
        {
            Log.AdminDisabled(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Arbiter.Web"), probe.AdminKeyEnv);
        }

        return new ArbiterWebServer(app, url, ownedClients);
    }

    /// <summary>Completes when <paramref name="cancellationToken"/> fires (Ctrl+C) or the host stops.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is the normal way out.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _ownedClients?.Dispose();
    }

    /// <summary>X-Forwarded-For from the configured proxies only (the framework's default trusts loopback: cleared).</summary>
    private static ForwardedHeadersOptions ForwardedFor(IEnumerable<string> proxies)
    {
        var o = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var p in proxies)
        {
            if (IPAddress.TryParse(p, out var ip)) o.KnownProxies.Add(ip);
            else o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(p));
        }

        return o;
    }

    private static void AddRateLimits(IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ArbiterWebOptions>>((o, web) =>
        {
            var w = web.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, _) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var ra)
                    ? ((int)Math.Ceiling(ra.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "60";
                return ValueTask.CompletedTask;
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx => RateLimitPartition.GetFixedWindowLimiter(Security.ClientKey(ctx),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = w.RequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
    }

    /// <summary>One pass over the stored battles: pair counts for the sampler (the vote limits need none: their window is in the store).</summary>
    private static async Task SeedPairCountsAsync(IServiceProvider services, IBattleStore battles, CancellationToken cancellationToken)
    {
        var sampler = services.GetRequiredService<PairSampler>();
        await foreach (var b in battles.ReadBattlesAsync(null, cancellationToken).ConfigureAwait(false)) sampler.Record(b.ModelA, b.ModelB);
    }
}
