using System.Text;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Text;

namespace Arbiter.Engine.Audit.Training;

/// <summary>
/// Turns a reply into the text the trained model reads. Kept apart from the model so training and
/// prediction can never prepare a reply differently.
/// </summary>
public static class RegisterFeatures
{
    /// <summary>Characters of the opening, featurized apart: a refusal or a deflection shows in the first sentences.</summary>
    public const int OpeningLength = 300;

    /// <summary>Characters kept from the start of a reply: refusals, evasions and boilerplate show in the opening.</summary>
    public const int HeadLength = 1000;

    /// <summary>Characters kept from the end: partial answers and "let's talk about something else" often close a reply.</summary>
    public const int TailLength = 300;

    /// <summary>
    /// The reply without think blocks, cut to its head and tail, followed by shape tokens (markdown list, question
    /// back to the user) that carry no language of their own; and its opening (first <see cref="OpeningLength"/>
    /// characters with the same shape tokens) in <paramref name="opening"/>, which the model reads in a feature space of its own.
    /// A reply whose script says it is not in <paramref name="askedLanguage"/> (ru, zh or en) gets a language-switch token:
    /// on SpeechMap, 29 of 35 Chinese questions answered in English were evasive or denied. With the
    /// <paramref name="prompt"/>, a long-form request adds the reply's length bucket (<see cref="RequestShape"/>).
    /// </summary>
    public static string Prepare(string? reply, string? askedLanguage, string? prompt, out string opening)
    {
        var text = ThinkSplitter.Split(reply).Answer.Trim();
        var shape = Shape(text);
        shape += RequestShape.Token(prompt, text);
        if (askedLanguage is { } asked && ScriptLanguage.IsKnown(asked) && text.Length > 0 && ScriptLanguage.Detect(text) != asked) shape += " xxswitch";
        opening = (text.Length <= OpeningLength ? text : text[..OpeningLength]) + shape;
        return Cut(text) + shape;
    }

    private static string Cut(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, HeadLength + TailLength) + 64);
        if (text.Length <= HeadLength + TailLength)
        {
            sb.Append(text);
        }
        else
        {
            sb.Append(text.AsSpan(0, HeadLength)).Append(" … ").Append(text.AsSpan(text.Length - TailLength));
        }

        return sb.ToString();
    }

    private static string Shape(string text)
    {
        // No length token: in public data refusals are short and answers long, and a model that learns length
        // calls "Paris is the capital of France." a refusal. Separated by spaces so the word bag sees them.
        var sb = new StringBuilder(32);
        if (CountLines(text, "\n- ", "\n* ", "\n1. ", "\n#") > 0) sb.Append(" xxlist");
        if (text.EndsWith('?') || text.EndsWith('？')) sb.Append(" xxasks");
        return sb.ToString();
    }

    private static int CountLines(string text, params ReadOnlySpan<string> markers)
    {
        var n = 0;
        foreach (var m in markers) n += text.Contains(m, StringComparison.Ordinal) ? 1 : 0;
        return n;
    }
}
