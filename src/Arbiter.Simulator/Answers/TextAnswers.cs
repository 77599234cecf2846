using System.Globalization;

namespace Arbiter.Simulator;

/// <summary>Short free-text replies; a wrong reply borrows another known answer in the same language.</summary>
internal static class TextAnswers
{
    private static readonly string[] English = ["The answer is {0}.", "{0}", "{0}.", "It is {0}."];
    private static readonly string[] Russian = ["Ответ: {0}.", "{0}", "Это {0}."];
    private static readonly string[] Chinese = ["答案是{0}。", "{0}", "是{0}。"];

    public static string Write(SimKnowledgeEntry entry, bool correct, string language, IReadOnlyList<string> pool, ref DetRandom rng)
    {
        string shown = correct ? entry.Answer : WrongAnswer(entry.Answer, language, pool, ref rng);
        string[] forms = language switch
        {
            SimLanguage.Russian => Russian,
            SimLanguage.Chinese => Chinese,
            _ => English,
        };
        return string.Format(CultureInfo.InvariantCulture, rng.Pick(forms), shown);
    }

    private static string WrongAnswer(string right, string language, IReadOnlyList<string> pool, ref DetRandom rng)
    {
        for (int attempt = 0; attempt < 4 && pool.Count > 1; attempt++)
        {
            string candidate = rng.Pick(pool);
            if (!candidate.Contains(right, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return language switch
        {
            SimLanguage.Russian => "не знаю",
            SimLanguage.Chinese => "不知道",
            _ => "unknown",
        };
    }
}
