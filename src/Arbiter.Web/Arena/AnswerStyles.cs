using Arbiter.Core.Arena;

namespace Arbiter.Web.Arena;

/// <summary>Style counts of an answer for arena style control (length and Markdown density).</summary>
internal static class AnswerStyles
{
    public static AnswerStyle Count(string? answer)
    {
        if (string.IsNullOrEmpty(answer)) return new AnswerStyle(0, 0, 0, 0);
        int headers = 0, items = 0;
        var inCode = false;
        foreach (var raw in answer.Split('\n'))
        {
            var line = raw.TrimStart();
            if (line.StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (inCode) continue;
            if (line.StartsWith('#')) headers++;
            else if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal) || IsNumbered(line)) items++;
        }

        var bold = 0;
        for (var at = answer.IndexOf("**", StringComparison.Ordinal); at >= 0; at = answer.IndexOf("**", at + 2, StringComparison.Ordinal)) bold++;
        // Whitespace words undercount Chinese; one token per CJK character is closer to what tokenizers do.
        var words = answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var cjk = answer.Count(c => c is >= '\u4E00' and <= '\u9FFF');
        return new AnswerStyle((int)Math.Round((words * 1.3) + cjk), headers, items, bold / 2);
    }

    private static bool IsNumbered(string line)
    {
        var i = 0;
        while (i < line.Length && char.IsAsciiDigit(line[i])) i++;
        return i > 0 && i + 1 < line.Length && line[i] == '.' && line[i + 1] == ' ';
    }
}
