using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace Arbiter.Engine.Providers.Http;

/// <summary>
/// Sets fixed headers on every request of an OpenAI SDK client: a model's gateway headers, and Yandex's
/// <c>x-data-logging-enabled: false</c> on its OpenAI-compatible endpoint.
/// </summary>
internal sealed class HeadersPolicy(IReadOnlyList<KeyValuePair<string, string>> headers) : PipelinePolicy
{
    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Apply(PipelineMessage message)
    {
        foreach (var (name, value) in headers) message.Request.Headers.Set(name, value);
    }
}

/// <summary>
/// Merges a model's <c>extraBody</c> fields into the JSON body of every request (fields the SDK wrote win: the
/// config refuses to name them, so a clash can only come from a future SDK field, and then the request stays valid).
/// </summary>
internal sealed class ExtraBodyPolicy(string extraJson) : PipelinePolicy
{
    private readonly JsonObject _extra = JsonNode.Parse(extraJson)?.AsObject() ?? throw new ArgumentException("extraBody must be a JSON object", nameof(extraJson));

    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Merge(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Merge(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Merge(PipelineMessage message)
    {
        if (message.Request.Content is not { } content) return;
        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        if (JsonNode.Parse(buffer.ToArray()) is not JsonObject body) return;
        foreach (var (name, value) in _extra)
        {
            if (!body.ContainsKey(name)) body[name] = value?.DeepClone();
        }

        message.Request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
