using System.Text;

namespace Arbiter.Simulator;

/// <summary>The visible chain of thought of reasoning models, as <c>&lt;think&gt;</c> blocks.</summary>
internal static class ThinkBlock
{
    private static readonly string[] English =
    [
        "Let me read the question carefully.", "First, I need to identify what is being asked.",
        "Let me consider each possibility in turn.", "Hmm, wait, let me double-check that.",
        "That seems consistent with what I know.", "I should verify the reasoning once more.",
        "Breaking the problem into smaller parts should help.", "Okay, I think I have it now.",
    ];

    private static readonly string[] Russian =
    [
        "Внимательно прочитаю вопрос.", "Сначала нужно понять, что именно спрашивают.",
        "Рассмотрю каждый вариант по очереди.", "Хм, подожди, проверю это ещё раз.",
        "Это согласуется с тем, что я знаю.", "Стоит ещё раз проверить рассуждение.",
        "Разобью задачу на части.", "Хорошо, кажется, я разобрался.",
    ];

    private static readonly string[] Chinese =
    [
        "让我仔细读一下这个问题。", "首先，我需要弄清楚问的是什么。", "我逐一考虑每种可能性。",
        "嗯，等一下，让我再检查一遍。", "这和我所知道的一致。", "我应该再验证一下推理。",
        "把问题拆成几个小部分会有帮助。", "好的，我想我明白了。",
    ];

    public static string Write(string language, ref DetRandom rng)
    {
        string[] pool = language switch
        {
            SimLanguage.Russian => Russian,
            SimLanguage.Chinese => Chinese,
            _ => English,
        };

        var sb = new StringBuilder("<think>\n");
        int sentences = rng.Next(3, 9);
        for (int i = 0; i < sentences; i++)
        {
            sb.Append(rng.Pick(pool)).Append(language == SimLanguage.Chinese ? "" : " ");
        }

        sb.Length -= language == SimLanguage.Chinese ? 0 : 1;
        return sb.Append("\n</think>\n\n").ToString();
    }
}
