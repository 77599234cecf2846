namespace Arbiter.Simulator;

/// <summary>
/// Decides what a simulated model says. Every choice is drawn from hashes of (server seed, model,
/// prompt or question, request <c>seed</c>), so identical requests get identical replies while a new
/// <c>seed</c> — the runner's epoch — re-rolls them.
/// </summary>
internal sealed class AnswerComposer(ulong serverSeed, SimKnowledge knowledge)
{
    private const ulong HabitSalt = 0x4AB1_7000;

    public string Compose(SimModelProfile profile, string prompt, long requestSeed)
    {
        string language = SimLanguage.Detect(prompt);
        ulong modelHash = StableHash.Of(profile.Name);
        ulong seed = unchecked((ulong)requestSeed);
        ulong promptHash = StableHash.Mix(serverSeed, modelHash, StableHash.Of(prompt), seed);
        var rng = new DetRandom(promptHash);

        // A judge does not refuse or think aloud: it grades the two answers (or the one audited reply) in the prompt.
        if (JudgeAnswers.IsJudgePrompt(prompt))
        {
            return JudgeAnswers.Write(profile, prompt, knowledge, ref rng);
        }

        if (RubricJudgeAnswers.IsRubricPrompt(prompt))
        {
            return RubricJudgeAnswers.Write(prompt, ref rng);
        }

        if (AuditJudgeAnswers.IsAuditJudgePrompt(prompt))
        {
            return AuditJudgeAnswers.Write(profile, prompt, ref rng);
        }

        // Habits come before ability: a model that will not talk about a topic does not even try.
        for (int i = 0; i < profile.RefusalHabits.Count; i++)
        {
            var habit = profile.RefusalHabits[i];
            if (habit.Matches(prompt, language)
                && StableHash.Unit(StableHash.Mix(promptHash, HabitSalt + (ulong)i)) < habit.Probability)
            {
                return rng.Pick(habit.RepliesFor(language));
            }
        }

        var entry = knowledge.Find(prompt);
        string answer = entry is null
            ? GenericAnswers.Write(profile, prompt, language, ref rng)
            : AnswerKnown(profile, entry, modelHash, seed, ref rng);

        if (profile.EmitsThinking)
        {
            string thinkLanguage = entry is null ? language : LanguageOf(entry, language);
            answer = ThinkBlock.Write(thinkLanguage, ref rng) + answer;
        }

        return answer;
    }

    private string AnswerKnown(SimModelProfile profile, SimKnowledgeEntry entry, ulong modelHash, ulong seed, ref DetRandom rng)
    {
        string language = LanguageOf(entry, SimLanguage.Detect(entry.Question));
        bool isChoice = ChoiceAnswers.IsChoice(entry);
        bool isNumeric = !isChoice && NumericAnswer.TryParse(entry.Answer, out _, out _);
        double p = profile.AbilityFor(entry.Domain, language, isNumeric);

        // The correctness draw ignores the phrasing draws so calibration is exactly p per question.
        double u = StableHash.Unit(StableHash.Mix(serverSeed, modelHash, StableHash.Of(entry.Question.Trim()), seed));
        bool correct = u < p;

        if (isChoice)
        {
            return ChoiceAnswers.Write(entry, correct, language, ref rng);
        }

        return isNumeric
            ? NumericAnswers.Write(entry, correct, language, ref rng)
            : TextAnswers.Write(entry, correct, language, knowledge.TextAnswers(language), ref rng);
    }

    private static string LanguageOf(SimKnowledgeEntry entry, string fallback)
    {
        string normalized = SimLanguage.Normalize(entry.Language);
        return normalized is SimLanguage.English or SimLanguage.Russian or SimLanguage.Chinese ? normalized : fallback;
    }
}
