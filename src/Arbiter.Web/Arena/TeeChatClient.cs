using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Arbiter.Web.Arena;

/// <summary>
/// Passes a streaming call through unchanged while showing each text piece to the browser. It sits
/// under <see cref="Arbiter.Engine.Providers.ModelCaller"/>, so the arena's calls get the same retries,
/// timeouts and limits as every other model call; a retry starts a new stream, reported as a reset.
/// </summary>
internal sealed class TeeChatClient(IChatClient inner, Action<string> onText, Action onAttempt) : DelegatingChatClient(inner)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        onAttempt();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            var text = update.Text;
            if (!string.IsNullOrEmpty(text)) onText(text);
            yield return update;
        }
    }
}
