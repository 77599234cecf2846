using System.ClientModel.Primitives;

namespace Arbiter.Engine.Providers.Http;

/// <summary>
/// Sets one header on every request of an OpenAI SDK client; used to send Yandex's
/// <c>x-data-logging-enabled: false</c> on its OpenAI-compatible endpoint.
/// </summary>
internal sealed class FixedHeaderPolicy(string name, string value) : PipelinePolicy
{
    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set(name, value);
        ProcessNext(message, pipeline, currentIndex);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set(name, value);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }
}
