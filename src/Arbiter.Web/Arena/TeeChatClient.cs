using System.Runtime.CompilerServices;
using Arbiter.Engine.Scoring;
using Microsoft.Extensions.AI;

namespace Arbiter.Web.Arena;

/// <summary>
/// Passes a streaming call through unchanged while showing the answer text to the browser. It sits
/// under <see cref="Arbiter.Engine.Providers.ModelCaller"/>, so the arena's calls get the same retries,
/// timeouts and limits as every other model call; a retry starts a new stream, reported as a reset.
/// Reasoning (<c>&lt;think&gt;</c>) is filtered out here, on the server: it never reaches the browser.
/// </summary>
internal sealed class TeeChatClient(IChatClient inner, Action<string> onText, Action onReset) : DelegatingChatClient(inner)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        onReset();
        var filter = new ThinkStreamFilter();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            var text = update.Text;
            if (!string.IsNullOrEmpty(text))
            {
                var (reset, shown) = filter.Push(text);
                if (reset) onReset();
                if (shown.Length > 0) onText(shown);
            }

            yield return update;
        }
    }
}
