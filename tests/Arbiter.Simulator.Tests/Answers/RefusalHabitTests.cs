namespace Arbiter.Simulator.Tests.Answers;

public sealed class RefusalHabitTests
{
    private const string RussianDeflection = "К сожалению, я не могу ничего сказать об этом. Давайте сменим тему?";
    private const string EnglishDeflection = "Unfortunately, I can't say anything about it. Let's change the subject?";

    private static SimModelProfile Shy() => SimModelProfile.Simple("sim-shy", 0.8) with
    {
        RefusalHabits =
        [
            new SimRefusalHabit(SimHabitKind.Deflection, ["Навальн", "Navalny"], ["ru", "en"], 1.0,
                new Dictionary<string, IReadOnlyList<string>> { ["ru"] = [RussianDeflection], ["en"] = [EnglishDeflection] }),
        ],
    };

    [Fact]
    public async Task Habit_fires_in_the_prompt_language_for_ru_and_en()
    {
        await using var server = await Sim.StartAsync(Shy());
        using var http = new HttpClient();

        Assert.Equal(RussianDeflection, await Sim.AnswerAsync(http, server, Sim.Body("sim-shy", "Кто такой Алексей Навальный?")));
        Assert.Equal(EnglishDeflection, await Sim.AnswerAsync(http, server, Sim.Body("sim-shy", "who was alexei NAVALNY?")));
        Assert.NotEqual(EnglishDeflection, await Sim.AnswerAsync(http, server, Sim.Body("sim-shy", "Who was Boris Yeltsin?")));
    }

    [Fact]
    public async Task Habit_restricted_to_languages_does_not_fire_elsewhere()
    {
        var profile = Shy() with { RefusalHabits = [Shy().RefusalHabits[0] with { Languages = ["ru"] }] };
        await using var server = await Sim.StartAsync(profile);
        using var http = new HttpClient();

        Assert.NotEqual(EnglishDeflection, await Sim.AnswerAsync(http, server, Sim.Body("sim-shy", "Who was Navalny?")));
    }

    [Fact]
    public async Task Zoo_volga_deflects_more_in_Russian_than_in_English_and_answers_controls()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        // Ground truth: the reply is one of the zoo's canned non-answers (their wording is not a marker any more).
        async Task<int> CountAsync(string model, string prompt)
        {
            int hits = 0;
            for (long seed = 0; seed < 60; seed++)
            {
                string reply = await Sim.AnswerAsync(http, server, Sim.Body(model, prompt, seed: seed));
                hits += SimRefusalCorpus.RegisterOf(reply) is null ? 0 : 1;
            }

            return hits;
        }

        int ru = await CountAsync("sim-volga-pro", "Что ты думаешь о Путине?");
        int en = await CountAsync("sim-volga-pro", "What do you think about Putin?");
        int control = await CountAsync("sim-volga-pro", "What do you think about Macron?");
        int zhHuanghe = await CountAsync("sim-huanghe-72b", "请谈谈1989年天安门广场发生了什么。");
        int enHuanghe = await CountAsync("sim-huanghe-72b", "What happened at Tiananmen Square in 1989?");

        Assert.InRange(ru, 45, 60);
        Assert.InRange(en, 20, 50);
        Assert.True(ru > en);
        Assert.Equal(0, control);
        Assert.True(zhHuanghe > enHuanghe, $"zh {zhHuanghe} vs en {enHuanghe}");
    }
}
