using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers.Http;
using Microsoft.Extensions.AI;

namespace Arbiter.Engine.Providers.GigaChat;

/// <summary>
/// Native GigaChat connector. Chat at <c>{base}/chat/completions</c> (an OpenAI-like body; SSE when
/// streaming), models at <c>{base}/models</c>, authorised with an OAuth access token from
/// <see cref="GigaChatTokenSource"/> that is renewed before expiry and once more on a 401. Errors
/// become <see cref="EndpointException"/>s free of the authorization key and the token.
/// </summary>
public sealed class GigaChatChatClient : IChatClient
{
    /// <summary>The public OAuth endpoint, used when the model sets no <c>authUrl</c>.</summary>
    public const string DefaultAuthUrl = "https://ngw.devices.sberbank.ru:9443/api/v2/oauth";

    /// <summary>The scope for individuals, used when the model sets none.</summary>
    public const string DefaultScope = "GIGACHAT_API_PERS";

    private readonly HttpClient _http;
    private readonly ModelSpec _model;
    private readonly GigaChatTokenSource _tokens;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates the client; <paramref name="authorizationKey"/> is the Base64 of client id and secret.</summary>
    public GigaChatChatClient(HttpClient http, ModelSpec model, string authorizationKey, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _http = http;
        _model = model;
        _tokens = new GigaChatTokenSource(http, new Uri(model.AuthUrl ?? DefaultAuthUrl), authorizationKey, model.Scope ?? DefaultScope, time ?? TimeProvider.System);
        _metadata = new ChatClientMetadata("gigachat", new Uri(model.BaseUrl), model.Model);
    }

    /// <summary>Access tokens fetched so far.</summary>
    public int TokenFetches => _tokens.Fetches;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = Body(messages, options, stream: false);
        using var response = await SendAsync(HttpMethod.Post, "chat/completions", body, stream: false, cancellationToken).ConfigureAwait(false);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        var choice = root.GetProperty("choices")[0];
        var text = choice.GetProperty("message").TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = Finish(choice),
            Usage = Usage(root),
            ModelId = root.TryGetProperty("model", out var m) ? m.GetString() : _model.Model,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = Body(messages, options, stream: true);
        using var response = await SendAsync(HttpMethod.Post, "chat/completions", body, stream: true, cancellationToken).ConfigureAwait(false);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var data in HttpJson.ReadSseDataAsync(content, cancellationToken).ConfigureAwait(false))
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            var update = new ChatResponseUpdate(ChatRole.Assistant, (string?)null);
            if (root.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var piece) && piece.GetString() is { Length: > 0 } text)
                {
                    update.Contents.Add(new TextContent(text));
                }

                update.FinishReason = Finish(choice);
            }

            if (Usage(root) is { } usage) update.Contents.Add(new UsageContent(usage));
            yield return update;
        }
    }

    /// <summary>Model names from <c>{base}/models</c>.</summary>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "models", null, stream: false, cancellationToken).ConfigureAwait(false);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return doc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString() ?? "").ToList();
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this
        : serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : null;

    /// <inheritdoc />
    public void Dispose() => _tokens.Dispose();

    /// <summary>Sends with a current token; a 401 renews the token and retries exactly once.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, bool stream, CancellationToken cancellationToken)
    {
        var url = new Uri(_model.BaseUrl.TrimEnd('/') + "/" + path);
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = await _tokens.GetAsync(rejected, cancellationToken).ConfigureAwait(false);
            using var request = body is null ? new HttpRequestMessage(method, url) : HttpJson.Post(url, body, stream);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await _http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                response.Dispose();
                rejected = token;
                continue;
            }

            try
            {
                await HttpJson.EnsureSuccessAsync(response, _tokens.Redact, cancellationToken).ConfigureAwait(false);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }

    private byte[] Body(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        // Refused rather than sent wrong: GigaChat's API has its own function-call shape (one function_call per assistant message, role 'function', no call ids), which cannot carry OpenAI tool_calls faithfully.
        if (ChatMessages.HasToolContent(messages))
        {
            throw new NotSupportedException("GigaChat connector: conversation items with tool calls or tool results cannot be sent; use an OpenAI-compatible endpoint (provider openai)");
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", _model.Model);
            w.WriteStartArray("messages");
            foreach (var m in messages)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role.Value);
                w.WriteString("content", m.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (options?.Temperature is { } t)
            {
                // GigaChat refuses 0 (422): send the value VendorRules keeps for it, in the band the API documents
                // as deterministic. Other values stay floats so that 0.3 is written as 0.3.
                if (VendorRules.Temperature(_model, t) is { } sent && sent != t) w.WriteNumber("temperature", sent);
                else w.WriteNumber("temperature", t);
            }
            if (options?.TopP is { } p) w.WriteNumber("top_p", p);
            if (options?.MaxOutputTokens is { } mt) w.WriteNumber("max_tokens", mt);
            // GigaChat has no seed or stop parameters; they are left out rather than rejected.
            w.WriteBoolean("stream", stream);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ChatFinishReason? Finish(JsonElement choice) =>
        choice.TryGetProperty("finish_reason", out var fr) && fr.ValueKind == JsonValueKind.String
            ? fr.GetString() switch
            {
                "stop" => ChatFinishReason.Stop,
                "length" => ChatFinishReason.Length,
                // GigaChat's own content filter.
                "blacklist" => ChatFinishReason.ContentFilter,
                "function_call" => ChatFinishReason.ToolCalls,
                var other => new ChatFinishReason(other!),
            }
            : null;

    private static UsageDetails? Usage(JsonElement root) =>
        root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
            ? new UsageDetails { InputTokenCount = HttpJson.Int64(u, "prompt_tokens"), OutputTokenCount = HttpJson.Int64(u, "completion_tokens"), TotalTokenCount = HttpJson.Int64(u, "total_tokens") }
            : null;
}
