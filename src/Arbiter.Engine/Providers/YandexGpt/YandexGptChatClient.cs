using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers.Http;
using Microsoft.Extensions.AI;

namespace Arbiter.Engine.Providers.YandexGpt;

/// <summary>
/// Native connector for the Yandex Foundation Models API: <c>POST {base}/foundationModels/v1/completion</c>
/// with <c>modelUri</c> <c>gpt://folder/model/version</c>, <c>completionOptions</c> and
/// <c>messages [{role, text}]</c>. Authorised with <c>Api-Key</c> or <c>Bearer</c> (IAM token).
/// A streamed answer is newline-delimited JSON whose text grows with each line. The
/// <c>ALTERNATIVE_STATUS_CONTENT_FILTER</c> status becomes the content-filter finish reason.
/// </summary>
public sealed class YandexGptChatClient : IChatClient
{
    private readonly HttpClient _http;
    private readonly ModelSpec _model;
    private readonly string _secret;
    private readonly Uri _url;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates the client; <paramref name="secret"/> is the API key or IAM token per <see cref="ModelSpec.AuthScheme"/>.</summary>
    public YandexGptChatClient(HttpClient http, ModelSpec model, string secret)
    {
        ArgumentNullException.ThrowIfNull(model);
        _http = http;
        _model = model;
        _secret = secret;
        _url = new Uri(model.BaseUrl.TrimEnd('/') + "/foundationModels/v1/completion");
        ModelUri = BuildModelUri(model);
        _metadata = new ChatClientMetadata("yandexgpt", new Uri(model.BaseUrl), ModelUri);
    }

    /// <summary>The <c>gpt://…</c> URI sent as <c>modelUri</c>.</summary>
    public string ModelUri { get; }

    /// <summary>
    /// The model as given when it is already a URI (<c>gpt://…</c>, or <c>ds://…</c> for a fine-tuned
    /// model), else <c>gpt://folder/model/version</c> (version <c>latest</c> unless named). Any name with
    /// <c>://</c> is a full URI, as in yandex-cloud-ml-sdk's <c>completions(model_name)</c>.
    /// </summary>
    public static string BuildModelUri(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Model.Contains("://", StringComparison.Ordinal)) return model.Model;
        var name = model.Model.Contains('/', StringComparison.Ordinal) ? model.Model : model.Model + "/latest";
        return $"gpt://{model.FolderId}/{name}";
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(Body(messages, options, stream: false), stream: false, cancellationToken).ConfigureAwait(false);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        var (text, finish, usage) = ReadResult(doc.RootElement);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = finish, Usage = usage, ModelId = ModelUri };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(Body(messages, options, stream: true), stream: true, cancellationToken).ConfigureAwait(false);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var sent = 0;
        await foreach (var line in HttpJson.ReadLinesAsync(content, cancellationToken).ConfigureAwait(false))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("error", out _))
            {
                throw new EndpointException(502, "stream failed: " + Redact(doc.RootElement.GetProperty("error").ToString()));
            }

            var (text, finish, usage) = ReadResult(doc.RootElement);
            // Each line carries the whole text so far; pass on only what is new.
            var update = new ChatResponseUpdate(ChatRole.Assistant, text.Length > sent ? text[sent..] : null) { FinishReason = finish };
            sent = Math.Max(sent, text.Length);
            if (usage is not null && finish is not null) update.Contents.Add(new UsageContent(usage));
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this
        : serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is owned by the factory.
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, bool stream, CancellationToken cancellationToken)
    {
        using var request = HttpJson.Post(_url, body, stream);
        request.Headers.Authorization = _model.AuthScheme == "bearer"
            ? new AuthenticationHeaderValue("Bearer", _secret)
            : new AuthenticationHeaderValue("Api-Key", _secret);
        // A service account's API key works in the folder it was created in; naming another is refused.
        if (VendorRules.SendsFolderHeader(_model)) request.Headers.Add("x-folder-id", _model.FolderId);
        // Yandex stores request data unless told not to; evaluation data often must not be kept.
        if (VendorRules.SendsNoLoggingHeader(_model)) request.Headers.Add(VendorRules.DataLoggingHeader, "false");
        var response = await _http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await HttpJson.EnsureSuccessAsync(response, Redact, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private string Redact(string message) => _secret.Length >= 6 ? message.Replace(_secret, "***", StringComparison.Ordinal) : message;

    private byte[] Body(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        // Refused rather than sent wrong: the Foundation Models completion body carries {role, text} messages only, so a tool call or result would arrive as an empty or plain message.
        if (ChatMessages.HasToolContent(messages))
        {
            throw new NotSupportedException("YandexGPT connector: conversation items with tool calls or tool results cannot be sent; use an OpenAI-compatible endpoint (provider openai)");
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("modelUri", ModelUri);
            w.WriteStartObject("completionOptions");
            w.WriteBoolean("stream", stream);
            if (options?.Temperature is { } t) w.WriteNumber("temperature", t);
            // maxTokens is an int64, which the API's JSON mapping writes as a string.
            if (options?.MaxOutputTokens is { } mt) w.WriteString("maxTokens", mt.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteStartArray("messages");
            foreach (var m in messages)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role.Value);
                w.WriteString("text", m.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static (string Text, ChatFinishReason? Finish, UsageDetails? Usage) ReadResult(JsonElement root)
    {
        var result = root.GetProperty("result");
        var alternative = result.GetProperty("alternatives")[0];
        var text = alternative.TryGetProperty("message", out var message) && message.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        var status = alternative.TryGetProperty("status", out var s) ? s.GetString() : null;
        ChatFinishReason? finish = status switch
        {
            "ALTERNATIVE_STATUS_FINAL" => ChatFinishReason.Stop,
            "ALTERNATIVE_STATUS_TRUNCATED_FINAL" => ChatFinishReason.Length,
            "ALTERNATIVE_STATUS_CONTENT_FILTER" => ChatFinishReason.ContentFilter,
            "ALTERNATIVE_STATUS_TOOL_CALLS" => ChatFinishReason.ToolCalls,
            // PARTIAL (more to come) and anything unknown.
            _ => null,
        };
        UsageDetails? usage = result.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
            ? new UsageDetails { InputTokenCount = HttpJson.Int64(u, "inputTextTokens"), OutputTokenCount = HttpJson.Int64(u, "completionTokens"), TotalTokenCount = HttpJson.Int64(u, "totalTokens") }
            : null;
        return (text, finish, usage);
    }
}
