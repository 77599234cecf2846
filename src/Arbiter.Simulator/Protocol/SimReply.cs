namespace Arbiter.Simulator;

/// <summary>The reply as sent: content after <c>stop</c> and <c>max_tokens</c> are applied.</summary>
internal sealed record SimReply(string Content, string FinishReason, int CompletionTokens)
{
    public static SimReply Shape(string text, int? maxTokens, IReadOnlyList<string> stops)
    {
        string finish = "stop";
        foreach (string stop in stops)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[..at];
            }
        }

        if (maxTokens is int max && TokenMath.Count(text) > max)
        {
            text = text[..TokenMath.PrefixLength(text, max)];
            finish = "length";
        }

        return new SimReply(text, finish, TokenMath.Count(text));
    }

    /// <summary>What a content filter lets through: nothing, or the first part of the reply.</summary>
    public SimReply Filtered(bool partial)
    {
        string kept = partial ? Content[..TokenMath.PrefixLength(Content, Math.Max(1, CompletionTokens / 3))] : "";
        return new SimReply(kept, "content_filter", TokenMath.Count(kept));
    }
}
