using System.Text.RegularExpressions;

namespace Arbiter.Engine.Arena.Judge;

/// <summary>A judge's verdict label, from A's point of view.</summary>
public enum Verdict
{
    /// <summary><c>[[A&gt;&gt;B]]</c>: A is significantly better.</summary>
    AMuchBetter,

    /// <summary><c>[[A&gt;B]]</c>.</summary>
    ABetter,

    /// <summary><c>[[A=B]]</c>.</summary>
    Tie,

    /// <summary><c>[[B&gt;A]]</c>.</summary>
    BBetter,

    /// <summary><c>[[B&gt;&gt;A]]</c>: B is significantly better.</summary>
    BMuchBetter,
}

/// <summary>
/// Our Arena-Hard-style judge prompt: the judge writes its own answer first (so it has something to
/// check the two against), then compares, then ends with one verdict label. The section markers are
/// the ones arena-hard-auto uses, so judges tuned on it recognise them.
/// </summary>
public static partial class JudgePrompt
{
    /// <summary>The system prompt.</summary>
    public const string System =
        "You are an impartial judge of two AI assistants' answers to the same user prompt.\n" +
        "First write your own answer to the prompt. Then compare both assistants' answers with yours: point out " +
        "mistakes or inaccurate information, and judge helpfulness, relevance and concision. Do not let the order " +
        "of the answers, their length or the assistants' names influence you.\n" +
        "Finish with exactly one verdict label on the last line:\n" +
        "1. Assistant A is significantly better: [[A>>B]]\n" +
        "2. Assistant A is slightly better: [[A>B]]\n" +
        "3. Tie, relatively the same: [[A=B]]\n" +
        "4. Assistant B is slightly better: [[B>A]]\n" +
        "5. Assistant B is significantly better: [[B>>A]]\n" +
        "Example output: \"My final verdict is: [[A=B]]\".";

    /// <summary>Appended when the first reply had no label: the retry is a different request (and cache key).</summary>
    public const string Reminder = "\n\nYour previous reply did not end with a verdict label. Reply again and end with exactly one of [[A>>B]], [[A>B]], [[A=B]], [[B>A]], [[B>>A]].";

    /// <summary>The user turn for one game.</summary>
    public static string User(string question, string answerA, string answerB) =>
        $"<|User Prompt|>\n{question}\n\n<|The Start of Assistant A's Answer|>\n{answerA}\n<|The End of Assistant A's Answer|>\n\n" +
        $"<|The Start of Assistant B's Answer|>\n{answerB}\n<|The End of Assistant B's Answer|>";

    /// <summary>The last verdict label in <paramref name="reply"/>, or null when there is none.</summary>
    public static Verdict? Parse(string? reply)
    {
        if (string.IsNullOrEmpty(reply)) return null;
        var matches = Label().Matches(reply);
        if (matches.Count == 0) return null;
        return matches[^1].Groups[1].Value switch
        {
            "A>>B" => Verdict.AMuchBetter,
            "A>B" => Verdict.ABetter,
            "A=B" => Verdict.Tie,
            "B>A" => Verdict.BBetter,
            _ => Verdict.BMuchBetter,
        };
    }

    [GeneratedRegex(@"\[\[(A>>B|A>B|A=B|B>A|B>>A)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
