namespace Arbiter.Simulator.Tests.Answers;

public sealed class AbilityCalibrationTests
{
    [Theory]
    [InlineData(0.35, "en")]
    [InlineData(0.7, "en")]
    [InlineData(0.55, "ru")]
    [InlineData(0.85, "zh")]
    public async Task Fraction_correct_matches_ability_within_four_points(double ability, string language)
    {
        var entries = Calibration.Entries(2000, language);
        await using var server = await Sim.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-cal", ability)],
            Knowledge = new SimKnowledge(entries),
            Seed = 99,
        });
        using var http = new HttpClient();

        int correct = 0, unparsed = 0;
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Sim.Ct }, async (entry, _) =>
        {
            string answer = await Sim.AnswerAsync(http, server, Sim.Body("sim-cal", Calibration.Prompt(entry)));
            char? letter = Calibration.Letter(answer);
            if (letter is null)
            {
                Interlocked.Increment(ref unparsed);
            }
            else if (letter == entry.Answer[0])
            {
                Interlocked.Increment(ref correct);
            }
        });

        Assert.Equal(0, unparsed);
        Assert.InRange(correct / 2000.0, ability - 0.04, ability + 0.04);
    }

    [Fact]
    public void Ability_multiplies_domain_and_language_and_clamps()
    {
        var profile = SimModelProfile.Simple("sim-x", 0.6) with
        {
            DomainAbility = new Dictionary<string, double> { ["math"] = 1.5, ["numeric"] = 0.5 },
            LanguageAbility = new Dictionary<string, double> { ["ru"] = 0.5 },
        };

        Assert.Equal(0.6, profile.AbilityFor("history", "en"), 9);
        Assert.Equal(0.9, profile.AbilityFor("MATH", "en"), 9);
        Assert.Equal(0.45, profile.AbilityFor("math", "ru-RU"), 9);
        Assert.Equal(0.45, profile.AbilityFor("math", "en", numericAnswer: true), 9);
        Assert.Equal(1.0, (profile with { BaseAbility = 0.9 }).AbilityFor("math", "en"), 9);
    }

    [Fact]
    public async Task Stronger_language_means_more_correct_answers_for_the_zoo()
    {
        var ru = Calibration.Entries(400, "ru");
        var zh = ru.Select(e => e with { Question = "中文 " + e.Question, Language = "zh" }).ToArray();
        await using var server = await Sim.StartAsync(new SimServerOptions { Knowledge = new SimKnowledge([.. ru, .. zh]) });
        using var http = new HttpClient();

        async Task<int> CountAsync(IEnumerable<SimKnowledgeEntry> items)
        {
            int n = 0;
            foreach (var e in items)
            {
                n += Calibration.Letter(await Sim.AnswerAsync(http, server, Sim.Body("sim-volga-pro", Calibration.Prompt(e)))) == e.Answer[0] ? 1 : 0;
            }

            return n;
        }

        Assert.True(await CountAsync(ru) > await CountAsync(zh) + 60);
    }
}
