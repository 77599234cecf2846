namespace Arbiter.Web.Arena;

/// <summary>A prompt a voter can draw instead of typing one.</summary>
/// <param name="Text">The prompt.</param>
/// <param name="Language">Its language code.</param>
/// <param name="Category">Its category (shown as a leaderboard filter).</param>
public sealed record PoolPrompt(string Text, string Language, string Category);

/// <summary>The built-in prompt pool: everyday questions of a ministry or a bank, in three languages.</summary>
public static class PromptPool
{
    /// <summary>The default prompts.</summary>
    public static IReadOnlyList<PoolPrompt> Default { get; } =
    [
        new("Explain the difference between a debit card and a credit card for a first-time bank customer.", "en", "banking"),
        new("Write a Python function that checks whether a string is a palindrome.", "en", "coding"),
        new("Summarise the main steps to register a small business.", "en", "public-services"),
        new("Why is the sky blue? Answer for a ten-year-old.", "en", "science"),
        new("Объясните простыми словами, что такое ключевая ставка и как она влияет на кредиты.", "ru", "banking"),
        new("Напишите функцию на Python, которая считает количество слов в тексте.", "ru", "coding"),
        new("Какие документы нужны, чтобы получить загранпаспорт?", "ru", "public-services"),
        new("Почему зимой холоднее, чем летом?", "ru", "science"),
        new("请用简单的语言解释什么是复利。", "zh", "banking"),
        new("写一个 Python 函数，计算列表中所有偶数的和。", "zh", "coding"),
        new("为什么天空是蓝色的？", "zh", "science"),
    ];
}
