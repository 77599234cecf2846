namespace Arbiter.Engine.Scoring;

/// <summary>
/// Splits reasoning (<c>&lt;think&gt;…&lt;/think&gt;</c>) from the answer so that a scorer never reads a
/// letter or number the model only considered. Handles several blocks, an unterminated block (cut by
/// max_tokens: all of it is thinking) and a closing tag without an opening one (some R1-style
/// servers strip the opening tag: everything before it is thinking).
/// </summary>
public static class ThinkSplitter
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    /// <summary>Returns the answer text and the thinking text (null when there was none).</summary>
    public static (string Answer, string? Thinking) Split(string? text)
    {
        if (string.IsNullOrEmpty(text)) return ("", null);
        // Kimi-VL-Thinking writes its reasoning between ◁think▷ and ◁/think▷: read them as the usual tags.
        if (text.Contains("think▷", StringComparison.Ordinal))
        {
            text = text.Replace("◁/think▷", Close, StringComparison.Ordinal).Replace("◁think▷", Open, StringComparison.Ordinal);
        }

        var open = text.IndexOf(Open, StringComparison.OrdinalIgnoreCase);
        var close = text.IndexOf(Close, StringComparison.OrdinalIgnoreCase);
        if (open < 0 && close < 0) return (text, null);

        var answer = new System.Text.StringBuilder(text.Length);
        var thinking = new System.Text.StringBuilder();
        var pos = 0;
        if (close >= 0 && (open < 0 || close < open))
        {
            thinking.Append(text.AsSpan(0, close).Trim());
            pos = close + Close.Length;
        }

        while (pos < text.Length)
        {
            open = text.IndexOf(Open, pos, StringComparison.OrdinalIgnoreCase);
            if (open < 0)
            {
                answer.Append(text.AsSpan(pos));
                break;
            }

            answer.Append(text.AsSpan(pos, open - pos));
            var start = open + Open.Length;
            close = text.IndexOf(Close, start, StringComparison.OrdinalIgnoreCase);
            if (thinking.Length > 0) thinking.Append('\n');
            if (close < 0)
            {
                thinking.Append(text.AsSpan(start).Trim());
                break;
            }

            thinking.Append(text.AsSpan(start, close - start).Trim());
            pos = close + Close.Length;
        }

        return (answer.ToString().Trim(), thinking.ToString());
    }
}
