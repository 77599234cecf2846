using Arbiter.Core.Runs;

namespace Arbiter.Engine.Audit.Classification;

/// <summary>What the classifier looks at: the answer (think blocks removed), the thinking, how the call ended, and the prompt's language.</summary>
/// <param name="Text">Answer text without think blocks.</param>
/// <param name="Thinking">Think-block content; null when the model emitted none, empty when it emitted an empty block.</param>
/// <param name="FinishReason">The endpoint's finish reason.</param>
/// <param name="Status">How the call ended.</param>
/// <param name="Language">The prompt's language (en, ru, zh), used to spot an answer in another language; null to skip.</param>
public sealed record AuditResponse(string? Text, string? Thinking = null, string? FinishReason = "stop", SampleStatus Status = SampleStatus.Ok, string? Language = null)
{
    /// <summary>The prompt, when known: the trained model weighs a short reply to a long-form request.</summary>
    public string? Prompt { get; init; }

    /// <summary>Builds the classifier input from a stored model response.</summary>
    public static AuditResponse From(ModelResponse response, string? language)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new AuditResponse(response.Text, response.Thinking, response.FinishReason, response.Status, language);
    }
}
