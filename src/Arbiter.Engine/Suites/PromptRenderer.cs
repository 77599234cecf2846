using System.Text;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Suites;

/// <summary>
/// Turns a suite item into the chat messages sent to a model: system prompt, few-shot examples as
/// prior turns (chosen per item by <see cref="FewShotSelector"/>), then the item. The question always comes first and verbatim in the user turn, so
/// an answer key (or the simulator) can recognise it.
/// </summary>
public static class PromptRenderer
{
    /// <summary>Builds the messages for an item.</summary>
    public static IReadOnlyList<ChatTurn> Render(Suite suite, SuiteItem item)
    {
        var shots = suite.FewShot.Count == 0 ? [] : FewShotSelector.Of(suite).For(item);
        var messages = new List<ChatTurn>(2 + (shots.Count * 2) + item.Input.Count);
        if (suite.SystemPrompt is { } system) messages.Add(new ChatTurn("system", system));
        foreach (var shot in shots)
        {
            messages.Add(new ChatTurn("user", RenderUser(suite, shot, shot.Question)));
            messages.Add(new ChatTurn("assistant", ShotAnswer(suite, shot)));
        }

        // The last user turn is the question; turns after it (an assistant's tool calls and their results) follow it as written.
        var question = LastUserIndex(item.Input);
        for (var i = 0; i < question; i++) messages.Add(item.Input[i]);
        messages.Add(new ChatTurn("user", RenderUser(suite, item, item.Question)));
        for (var i = question + 1; i < item.Input.Count; i++) messages.Add(item.Input[i]);
        return messages;
    }

    private static int LastUserIndex(IReadOnlyList<ChatTurn> input)
    {
        for (var i = input.Count - 1; i >= 0; i--)
        {
            if (input[i].Role == "user") return i;
        }

        return input.Count - 1;
    }

    private static string RenderUser(Suite suite, SuiteItem item, string question)
    {
        var choices = FormatChoices(item.Choices);
        var instruction = Instruction(suite.Language, item);
        if (suite.PromptTemplate is { } template)
        {
            return template.Replace("{question}", question, StringComparison.Ordinal)
                .Replace("{choices}", choices, StringComparison.Ordinal)
                .Replace("{instruction}", instruction, StringComparison.Ordinal);
        }

        var sb = new StringBuilder(question.Length + choices.Length + 80);
        sb.Append(question);
        if (choices.Length > 0) sb.Append("\n\n").Append(choices);
        if (instruction.Length > 0) sb.Append("\n\n").Append(instruction);
        return sb.ToString();
    }

    /// <summary>Formats choices as <c>A. text</c> lines.</summary>
    public static string FormatChoices(IReadOnlyList<string>? choices)
    {
        if (choices is null || choices.Count == 0) return "";
        var sb = new StringBuilder();
        for (var i = 0; i < choices.Count; i++)
        {
            if (i > 0) sb.Append('\n');
            sb.Append((char)('A' + i)).Append(". ").Append(choices[i]);
        }

        return sb.ToString();
    }

    private static string ShotAnswer(Suite suite, SuiteItem shot) =>
        shot.Metadata.TryGetValue("solution", out var solution) ? solution : Localized(suite.Language, "Answer: ", "Ответ: ", "答案：") + shot.Target;

    private static string Instruction(string language, SuiteItem item)
    {
        if (item.Choices is { Count: > 0 })
        {
            return Localized(language,
                "Answer with the letter of the correct option.",
                "Ответьте буквой правильного варианта.",
                "请用正确选项的字母作答。");
        }

        var numeric = item.Scorer?.Kind == "numeric" || (item.Metadata.TryGetValue("answerType", out var t) && t == "numeric");
        return numeric
            ? Localized(language,
                "Give the final answer as a number on the last line.",
                "Дайте окончательный ответ числом в последней строке.",
                "请在最后一行给出数字形式的最终答案。")
            : "";
    }

    private static string Localized(string language, string en, string ru, string zh) => language switch
    {
        "ru" => ru,
        "zh" => zh,
        _ => en,
    };
}
