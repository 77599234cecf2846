using System.Collections.Frozen;
using Arbiter.Core.Suites;

namespace Arbiter.Simulator;

/// <summary>One question the simulated models "know" the answer to.</summary>
/// <param name="Question">The question text as it appears (verbatim) in rendered prompts.</param>
/// <param name="Domain">Suite domain (drives <see cref="SimModelProfile.DomainAbility"/>).</param>
/// <param name="Language">Suite language (drives <see cref="SimModelProfile.LanguageAbility"/> and phrasing).</param>
/// <param name="Answer">A letter A–D (… Z) for multiple choice, else a number or a short text.</param>
/// <param name="Choices">The options for multiple choice, in letter order; null otherwise.</param>
public sealed record SimKnowledgeEntry(
    string Question, string Domain, string Language, string Answer, IReadOnlyList<string>? Choices);

/// <summary>
/// The answer key the simulated models draw on. A prompt is matched by its last user message: the
/// whole text, then each paragraph (blank-line separated), then each line, all trimmed — because the
/// runner renders the question verbatim, usually as the first paragraph, followed by choices and an
/// instruction.
/// </summary>
public sealed class SimKnowledge
{
    private static readonly string[] QuestionPrefixes = ["Question:", "Q:", "Вопрос:", "问题：", "问题:", "题目："];

    private readonly FrozenDictionary<string, SimKnowledgeEntry> _byQuestion;
    private readonly FrozenDictionary<string, string[]> _textAnswersByLanguage;

    /// <summary>Creates a knowledge base; later entries with the same question win.</summary>
    public SimKnowledge(IEnumerable<SimKnowledgeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var map = new Dictionary<string, SimKnowledgeEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            string key = Key(entry.Question);
            if (key.Length > 0)
            {
                map[key] = entry;
            }
        }

        _byQuestion = map.ToFrozenDictionary(StringComparer.Ordinal);
        _textAnswersByLanguage = map.Values
            .Where(e => e.Choices is null && !NumericAnswer.TryParse(e.Answer, out _, out _))
            .GroupBy(e => SimLanguage.Normalize(e.Language))
            .ToFrozenDictionary(g => g.Key, g => g.Select(e => e.Answer).Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Knows nothing: every prompt gets a generic answer.</summary>
    public static SimKnowledge Empty { get; } = new([]);

    /// <summary>Number of distinct questions.</summary>
    public int Count => _byQuestion.Count;

    /// <summary>Builds the key from suites: each item with a target becomes an entry (few-shot examples too).</summary>
    public static SimKnowledge FromSuites(IEnumerable<Suite> suites)
    {
        ArgumentNullException.ThrowIfNull(suites);
        return new SimKnowledge(suites.SelectMany(EntriesOf));
    }

    private static IEnumerable<SimKnowledgeEntry> EntriesOf(Suite suite)
    {
        foreach (var item in suite.FewShot.Concat(suite.Items))
        {
            if (string.IsNullOrWhiteSpace(item.Target) || string.IsNullOrWhiteSpace(item.Question))
            {
                continue;
            }

            string language = item.Metadata.TryGetValue("language", out var lang) ? lang : suite.Language;
            yield return new SimKnowledgeEntry(item.Question, suite.Domain, language, item.Target.Trim(), item.Choices);
        }
    }

    /// <summary>Finds the entry whose question appears in the prompt (whole, paragraph or line), or null.</summary>
    public SimKnowledgeEntry? Find(string prompt)
    {
        if (_byQuestion.Count == 0 || string.IsNullOrWhiteSpace(prompt))
        {
            return null;
        }

        string text = prompt.Contains('\r', StringComparison.Ordinal) ? prompt.Replace("\r\n", "\n", StringComparison.Ordinal) : prompt;
        if (TryGet(text, out var hit))
        {
            return hit;
        }

        foreach (string paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryGet(paragraph, out hit))
            {
                return hit;
            }
        }

        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryGet(line, out hit))
            {
                return hit;
            }
        }

        return null;
    }

    /// <summary>Other known text answers in a language, for plausible wrong answers.</summary>
    internal IReadOnlyList<string> TextAnswers(string language) =>
        _textAnswersByLanguage.TryGetValue(SimLanguage.Normalize(language), out var answers) ? answers : [];

    private bool TryGet(string candidate, out SimKnowledgeEntry? entry)
    {
        string key = Key(candidate);
        if (_byQuestion.TryGetValue(key, out entry))
        {
            return true;
        }

        // Templates often label the question ("Question: …"); try without the label.
        foreach (string prefix in QuestionPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && _byQuestion.TryGetValue(Key(key[prefix.Length..]), out entry))
            {
                return true;
            }
        }

        return false;
    }

    private static string Key(string text)
    {
        string trimmed = text.Trim();
        return trimmed.Contains('\r', StringComparison.Ordinal) ? trimmed.Replace("\r\n", "\n", StringComparison.Ordinal) : trimmed;
    }
}
