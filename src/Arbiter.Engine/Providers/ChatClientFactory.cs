using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Net;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers.GigaChat;
using Arbiter.Engine.Providers.Http;
using Arbiter.Engine.Providers.YandexGpt;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Arbiter.Engine.Providers;

/// <summary>Creates <see cref="IChatClient"/>s for configured models.</summary>
public interface IChatClientFactory
{
    /// <summary>A client for <paramref name="model"/>; throws <see cref="ProviderConfigurationException"/> when it cannot be built.</summary>
    IChatClient Create(ModelSpec model);

    /// <summary>
    /// A hint that up to <paramref name="connections"/> calls to <paramref name="model"/> will leave at once: a factory
    /// may start opening their connections now (nothing is sent). Does nothing unless the factory says otherwise.
    /// </summary>
    void Preconnect(ModelSpec model, int connections)
    {
    }
}

/// <summary>A model cannot be called as configured (missing key variable, unsupported provider).</summary>
public sealed class ProviderConfigurationException(string message) : Exception(message);

/// <summary>
/// Builds clients: provider <c>openai</c> through the OpenAI SDK for any OpenAI-compatible base URL
/// (including Yandex's OpenAI-compatible endpoint), <c>gigachat</c> and <c>yandexgpt</c> through our
/// native connectors. Requests to Yandex carry <c>x-data-logging-enabled: false</c> on both routes
/// unless the entry opts in to logging. Gateway <c>headers</c> and <c>extraBody</c> fields are added on the OpenAI route. Models with a <c>caCertFile</c> get their own connection pool whose TLS
/// check also trusts that root. The SDK's own retries are
/// switched off: <see cref="ModelCaller"/> is the single retry layer (it honours Retry-After and
/// feeds the concurrency limiter), and two stacked layers would multiply attempts.
/// </summary>
public sealed class ChatClientFactory : IChatClientFactory, IDisposable
{
    private readonly HttpClient _http;
    private readonly PreconnectedSockets? _sockets;
    private readonly ConcurrentDictionary<string, HttpClient> _withExtraRoot = new(StringComparer.Ordinal);

    /// <summary>Creates the factory with one shared connection pool, which <see cref="Preconnect"/> can fill ahead of a run.</summary>
    public ChatClientFactory()
        : this(new PreconnectedSockets())
    {
    }

    private ChatClientFactory(PreconnectedSockets sockets)
        : this(NewHandler(sockets)) => _sockets = sockets;

    /// <summary>Creates the factory over a given handler (tests record requests with it).</summary>
    internal ChatClientFactory(HttpMessageHandler handler)
    {
        // Per-request timeouts are enforced by ModelCaller with cancellation.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static SocketsHttpHandler NewHandler(PreconnectedSockets sockets) => new()
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        AutomaticDecompression = DecompressionMethods.All,
        ConnectCallback = sockets.ConnectAsync,
    };

    /// <summary>
    /// Starts opening up to <paramref name="connections"/> (at most <see cref="MaxPreconnect"/>) connections to the
    /// model's endpoint on the shared pool, so a run's first wave does not open them itself. Not for a model with its own
    /// pool (<c>caCertFile</c>), one that is replayed, or an endpoint reached through a proxy (the handler would not
    /// connect to it directly).
    /// </summary>
    public void Preconnect(ModelSpec model, int connections)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_sockets is null || model.IsReplay || model.CaCertFile is not null || connections <= 0) return;
        if (!Uri.TryCreate(model.BaseUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")) return;
        if (HttpClient.DefaultProxy.GetProxy(endpoint) is { } proxy && proxy != endpoint) return;
        _sockets.Open(endpoint, Math.Min(connections, MaxPreconnect));
    }

    /// <summary>Most connections <see cref="Preconnect"/> opens for one call.</summary>
    public const int MaxPreconnect = 256;

    /// <inheritdoc />
    public IChatClient Create(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var http = HttpFor(model);
        switch (model.Provider)
        {
            case "gigachat":
                return new GigaChatChatClient(http, model, RequireKey(model, "the GigaChat authorization key (Base64 of client id:secret)"));
            case "yandexgpt":
                return new YandexGptChatClient(http, model, RequireKey(model, model.AuthScheme == "bearer" ? "an IAM token" : "a Yandex Cloud API key"));
            case "openai":
                break;
            case "replay":
                throw new ProviderConfigurationException($"model '{model.Id}' answers from a recorded log (provider: replay): 'arbiter run' replays it; it cannot be called");
            default:
                throw new ProviderConfigurationException($"model '{model.Id}': provider '{model.Provider}' has no connector; use its OpenAI-compatible endpoint with provider: openai");
        }

        var key = ResolveApiKey(model) ?? "unused";
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(model.BaseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        // Yandex's OpenAI-compatible endpoint logs request data unless told not to, as its native API does.
        var headers = (model.Headers ?? []).Select(h => KeyValuePair.Create(h.Name, HeaderValue(model, h))).ToList();
        if (VendorRules.SendsNoLoggingHeader(model)) headers.Add(KeyValuePair.Create(VendorRules.DataLoggingHeader, "false"));
        if (headers.Count > 0) options.AddPolicy(new HeadersPolicy(headers), PipelinePosition.PerCall);
        if (model.ExtraBodyJson is { } extra) options.AddPolicy(new ExtraBodyPolicy(extra), PipelinePosition.PerCall);
        return new OpenAI.Chat.ChatClient(model.Model, new ApiKeyCredential(key), options).AsIChatClient();
    }

    /// <summary>
    /// The key from the variable the model names; null when it names none. A named but unset
    /// variable is a configuration error, reported before any call.
    /// </summary>
    public static string? ResolveApiKey(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ApiKeyEnv is null ? null : Variable(model, model.ApiKeyEnv, "apiKeyEnv");
    }

    /// <summary>A variable the config names; unset is a configuration error naming it (and the field), never a value.</summary>
    private static string Variable(ModelSpec model, string name, string field)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value)
            ? throw new ProviderConfigurationException($"model '{model.Id}': environment variable {name} ({field}) is not set")
            : value;
    }

    /// <summary>A header's value: literal, or read from its variable now.</summary>
    private static string HeaderValue(ModelSpec model, HeaderSpec header) =>
        header.Env is null ? header.Value ?? "" : Variable(model, header.Env, $"headers.{header.Name}.env");

    private static string RequireKey(ModelSpec model, string what) =>
        ResolveApiKey(model) ?? throw new ProviderConfigurationException($"model '{model.Id}': provider {model.Provider} needs apiKeyEnv naming the variable that holds {what}");

    private HttpClient HttpFor(ModelSpec model) => model.CaCertFile is not { } file
        ? _http
        : _withExtraRoot.GetOrAdd(file, f => new HttpClient(ExtraRootTrust.Handler(f)) { Timeout = Timeout.InfiniteTimeSpan });

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _sockets?.Dispose();
        foreach (var client in _withExtraRoot.Values) client.Dispose();
    }
}
