using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Arbiter.Core.Models;
using Arbiter.Simulator;
using Arbiter.Storage.Sqlite;
using Arbiter.Web.Arena;
using Arbiter.Web.Hosting;

namespace Arbiter.Web.Tests.Support;

/// <summary>A real Kestrel web host on 127.0.0.1:0 over the simulated models and a temporary SQLite store.</summary>
public sealed partial class WebHarness : IAsyncDisposable
{
    private readonly string _dir;

    private readonly Action<ArbiterWebOptions>? _configure;
    private readonly Arbiter.Engine.Sovereignty.ResidencyPolicy? _policy;

    private WebHarness(string dir, SimulatedModelServer sim, SqliteRunStore store, string adminEnv, IReadOnlyList<ModelSpec> models,
        Action<ArbiterWebOptions>? configure, Arbiter.Engine.Sovereignty.ResidencyPolicy? policy)
    {
        _dir = dir;
        Sim = sim;
        Store = store;
        AdminKeyEnv = adminEnv;
        Models = models;
        _configure = configure;
        _policy = policy;
    }

    public SimulatedModelServer Sim { get; }

    public SqliteRunStore Store { get; }

    public ArbiterWebServer Web { get; private set; } = null!;

    /// <summary>The configured models (as arbiter.yaml would give them).</summary>
    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>A per-harness variable name, so parallel tests never share an admin key.</summary>
    public string AdminKeyEnv { get; }

    /// <summary>The arena moderation the host starts with (the config's arena.moderation).</summary>
    public Arbiter.Engine.Arena.Moderation.ModerationRules Moderation { get; set; } = Arbiter.Engine.Arena.Moderation.ModerationRules.None;

    /// <summary>The terms-of-use notice the next <see cref="RestartAsync"/> passes (the config's arena.notice).</summary>
    public string? Notice { get; set; }

    public static async Task<WebHarness> StartAsync(Action<ArbiterWebOptions>? configure = null, double latencyScale = 0,
        Arbiter.Engine.Sovereignty.ResidencyPolicy? policy = null, string jurisdiction = "local",
        Arbiter.Engine.Arena.Moderation.ModerationRules? moderation = null)
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-web-").FullName;
        var sim = await SimulatedModelServer.StartAsync(new SimServerOptions { LatencyScale = latencyScale });
        var store = new SqliteRunStore(Path.Combine(dir, "arbiter.db"));
        await store.MigrateAsync();
        var adminEnv = "ARBITER_TEST_ADMIN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var models = SimModelZoo.Default.Select(p => new ModelSpec(p.Name, "openai", sim.BaseUrl.ToString().TrimEnd('/'), p.Name, null, jurisdiction,
            p.Name.Contains("volga", StringComparison.Ordinal) ? "RU / simulated Russian lab" : "Simulated Labs", null, null, GenerationParameters.Default)).ToList();
        var harness = new WebHarness(dir, sim, store, adminEnv, models, configure, policy) { Moderation = moderation ?? Arbiter.Engine.Arena.Moderation.ModerationRules.None };
        harness.Web = await harness.StartWebAsync(models, null);
        return harness;
    }

    /// <summary>
    /// Stops the web server and starts a new one over the same store, as a restart of <c>arbiter serve</c>
    /// does; <paramref name="models"/> replaces the configured models, <paramref name="logging"/> sees its log.
    /// </summary>
    /// <summary>The audit judge the next <see cref="RestartAsync"/> passes (the config's audit.judge).</summary>
    public string? AuditJudge { get; set; }

    public async Task RestartAsync(IReadOnlyList<ModelSpec>? models = null, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        await Web.DisposeAsync();
        Web = await StartWebAsync(models ?? Models, logging);
    }

    private Task<ArbiterWebServer> StartWebAsync(IReadOnlyList<ModelSpec> models, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging) =>
        ArbiterWebServer.StartAsync(new WebSetup(Store, models) { Logging = logging ?? (_ => { }), Policy = _policy, AuditJudge = AuditJudge, Moderation = Moderation, Notice = Notice }, o =>
        {
            o.Port = 0;
            o.AdminKeyEnv = AdminKeyEnv;
            o.BootstrapRounds = 50;
            o.Simulated = true;
            _configure?.Invoke(o);
        });

    /// <summary>A browser-like client: cookies kept, no redirects followed.</summary>
    public ArenaClient Client() => new(Web.Url);

    /// <summary>A client carrying the admin key <paramref name="key"/>, which this harness's admin variable is set to.</summary>
    public ArenaClient AdminClient(string key)
    {
        Environment.SetEnvironmentVariable(AdminKeyEnv, key);
        var client = Client();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        await Store.DisposeAsync();
        await Sim.DisposeAsync();
        Environment.SetEnvironmentVariable(AdminKeyEnv, null);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the WAL for a moment; the temp directory is cleaned by the OS.
        }
    }
}

/// <summary>HTTP helpers that behave like the arena page's script.</summary>
public sealed partial class ArenaClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _csrf;

    public ArenaClient(Uri baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; }

    /// <summary>The anti-forgery token of the page this browser loaded (null until it loads one); settable to route one browser to several nodes.</summary>
    public string? Csrf
    {
        get => _csrf;
        set => _csrf = value;
    }

    public HttpClient Http => _http;

    /// <summary>Loads the arena page and keeps its anti-forgery token, as a browser would.</summary>
    public async Task<string> CsrfAsync()
    {
        if (_csrf is not null) return _csrf;
        var html = await _http.GetStringAsync("/arena");
        return _csrf = CsrfMeta().Match(html).Groups[1].Value;
    }

    public async Task<HttpResponseMessage> PostAsync(string url, object body, bool withCsrf = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (withCsrf) request.Headers.Add("X-CSRF-TOKEN", await CsrfAsync());
        return await _http.SendAsync(request);
    }

    public async Task<BattleTicket> StartBattleAsync(string prompt)
    {
        using var response = await PostAsync("/api/arena/battles", new { prompt });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BattleTicket>(Json))!;
    }

    /// <summary>Reads the whole SSE stream: (event, data) pairs in order.</summary>
    public async Task<List<(string Event, JsonElement Data)>> StreamAsync(string url)
    {
        var events = new List<(string, JsonElement)>();
        await ReadEventsAsync(url, events, null);
        return events;
    }

    /// <summary>Starts a battle and streams it to the end; returns the ticket and the events.</summary>
    public async Task<(BattleTicket Ticket, List<(string Event, JsonElement Data)> Events)> FightAsync(string prompt)
    {
        var ticket = await StartBattleAsync(prompt);
        return (ticket, await StreamAsync(ticket.StreamUrl));
    }

    /// <summary>Reads the SSE stream in the background: the whole read, the first delta (a turn being answered), and the events so far.</summary>
    public (Task Reading, Task FirstDelta, List<(string Event, JsonElement Data)> Events) StreamInBackground(string url)
    {
        var events = new List<(string Event, JsonElement Data)>();
        var firstDelta = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(() => ReadEventsAsync(url, events, name =>
        {
            if (name == "delta") firstDelta.TrySetResult();
        }));
        return (reading, firstDelta.Task, events);
    }

    private async Task ReadEventsAsync(string url, List<(string Event, JsonElement Data)> events, Action<string>? seen)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonDocument.Parse(line[6..]).RootElement.Clone()));
                seen?.Invoke(name!);
            }
        }
    }

    public Task<HttpResponseMessage> VoteAsync(string token, string winner = "model_a") => PostAsync("/api/arena/votes", new { token, winner });

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfMeta();
}
