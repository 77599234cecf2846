using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;

namespace Arbiter.Engine.Arena.Moderation;

/// <summary>
/// A chat model as the moderation model. It is called through a <see cref="ModelCaller"/> (built by
/// <see cref="ModelCallers.Create"/>), so the residency policy, the audit log, key redaction and retries
/// apply exactly as to the battle's own calls; a call the policy refuses never leaves the host.
/// </summary>
public sealed class ModelModeration(ModelCaller caller, string modelId, bool blockOnFailure) : IModerationModel
{
    /// <summary>The instruction; the reply must start with ALLOW or BLOCK.</summary>
    public const string Instruction =
        "You moderate prompts for a public chatbot arena. Reply with exactly one word: BLOCK if the user's prompt asks for " +
        "clearly illegal, sexual content involving minors, targeted harassment, or instructions for weapons capable of mass harm; " +
        "otherwise ALLOW. Do not answer the prompt itself.";

    // The prompt is what a visitor typed for public comparison, as for the battle's own calls.
    private static readonly CallContext Context = new("arena-moderation", null, Confidentiality.Public, CallPurpose.Arena);

    /// <inheritdoc />
    public async Task<ModerationVerdict> ClassifyAsync(string prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        List<ChatTurn> conversation = [new("system", Instruction), new("user", prompt)];
        var parameters = new GenerationParameters(Temperature: 0, MaxTokens: 16);
        var response = await caller.CallAsync(conversation, parameters, stream: false, Context, cancellationToken).ConfigureAwait(false);
        var word = response.Status == SampleStatus.Ok ? FirstWord(response.Text) : null;
        return word switch
        {
            "BLOCK" => ModerationVerdict.Block($"model: {modelId}"),
            "ALLOW" => ModerationVerdict.Allowed,
            // Failed, refused by the residency policy, or an answer that is neither word.
            _ => blockOnFailure ? ModerationVerdict.Block($"model: {modelId} (no verdict)") : ModerationVerdict.Allowed,
        };
    }

    private static string? FirstWord(string? text) =>
        text?.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim('.', '!', '"', '*', '`').ToUpperInvariant();
}
