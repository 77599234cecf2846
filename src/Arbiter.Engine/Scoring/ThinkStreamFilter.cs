using System.Text;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// The streaming side of <see cref="ThinkSplitter"/>: fed the pieces of a streamed reply, it gives back
/// only answer text, so reasoning never leaves the server before the final answer (the arena must not
/// send a model's chain of thought — which often names the model — to a voter who has not voted yet).
/// A tag split across pieces is held back until it is complete. When a closing tag arrives with no
/// opening one (servers that strip <c>&lt;think&gt;</c>), what was shown turns out to be reasoning:
/// the filter then asks for a reset and gives the answer from the start.
/// </summary>
public sealed class ThinkStreamFilter
{
    private static readonly string[] Tags = ["<think>", "</think>"];
    private readonly StringBuilder _all = new();
    private string _shown = "";

    /// <summary>Adds a piece; returns the answer text to append, or (with <c>Reset</c>) to show instead of all so far.</summary>
    public (bool Reset, string Text) Push(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        _all.Append(piece);
        var text = _all.ToString();
        var visible = ThinkSplitter.Split(text[..^HeldBack(text)]).Answer;
        if (visible.StartsWith(_shown, StringComparison.Ordinal))
        {
            var delta = visible[_shown.Length..];
            _shown = visible;
            return (false, delta);
        }

        _shown = visible;
        return (true, visible);
    }

    /// <summary>Length of a trailing partial tag (e.g. "&lt;thi") that the next piece may complete.</summary>
    private static int HeldBack(string text)
    {
        for (var n = Math.Min(text.Length, Tags[1].Length - 1); n > 0; n--)
        {
            var tail = text.AsSpan(text.Length - n);
            foreach (var tag in Tags)
            {
                if (n < tag.Length && tag.AsSpan(0, n).Equals(tail, StringComparison.OrdinalIgnoreCase)) return n;
            }
        }

        return 0;
    }
}
