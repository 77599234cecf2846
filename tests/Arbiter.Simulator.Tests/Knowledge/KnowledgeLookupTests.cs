using Arbiter.Core.Suites;

namespace Arbiter.Simulator.Tests.Knowledge;

public sealed class KnowledgeLookupTests
{
    private static readonly SimKnowledgeEntry Capital =
        new("What is the capital of France?", "geography", "en", "B", ["Berlin", "Paris", "Rome", "Madrid"]);

    [Theory]
    [InlineData("What is the capital of France?")]
    [InlineData("  What is the capital of France?\n")]
    [InlineData("What is the capital of France?\n\nA. Berlin\nB. Paris\nC. Rome\nD. Madrid\n\nAnswer with a single letter.")]
    [InlineData("Answer the following question.\n\nWhat is the capital of France?\n\nA. Berlin\nB. Paris")]
    [InlineData("Question: What is the capital of France?\r\nA. Berlin\r\nB. Paris")]
    public void Finds_the_question_as_whole_text_paragraph_or_line(string prompt)
    {
        var knowledge = new SimKnowledge([Capital]);

        Assert.Same(Capital, knowledge.Find(prompt));
    }

    [Fact]
    public void Unknown_prompt_finds_nothing()
    {
        Assert.Null(new SimKnowledge([Capital]).Find("What is the capital of Spain?"));
        Assert.Null(SimKnowledge.Empty.Find("What is the capital of France?"));
    }

    [Fact]
    public void Builds_from_suites_with_domain_language_and_targets()
    {
        var item = new SuiteItem("q1", [new ChatTurn("user", "Сколько будет 2+2?")], null, "4", null, new Dictionary<string, string>());
        var noTarget = new SuiteItem("q2", [new ChatTurn("user", "Open question")], null, null, null, new Dictionary<string, string>());
        var suite = new Suite("arith-ru", "1", "math", "ru", Confidentiality.Public, ScorerSpec.Auto, [item, noTarget]);

        var knowledge = SimKnowledge.FromSuites([suite]);

        Assert.Equal(1, knowledge.Count);
        var entry = knowledge.Find("Сколько будет 2+2?\n\nОтветь числом.");
        Assert.NotNull(entry);
        Assert.Equal(("math", "ru", "4"), (entry.Domain, entry.Language, entry.Answer));
    }

    [Fact]
    public async Task A_perfect_model_answers_a_known_question_inside_a_longer_prompt()
    {
        await using var server = await Sim.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-oracle", 1.0)],
            Knowledge = new SimKnowledge([Capital]),
        });
        using var http = new HttpClient();

        for (long seed = 0; seed < 10; seed++)
        {
            string answer = await Sim.AnswerAsync(http, server, Sim.Body("sim-oracle",
                "What is the capital of France?\n\nA. Berlin\nB. Paris\nC. Rome\nD. Madrid\n\nAnswer with the letter.", seed: seed));
            Assert.Equal('B', Answers.Calibration.Letter(answer));
        }
    }

    [Fact]
    public async Task Numeric_answers_are_right_for_an_oracle_and_near_misses_for_a_dunce()
    {
        var entries = new[]
        {
            new SimKnowledgeEntry("How many metres are in 1.2345 km?", "math", "en", "1234.5", null),
            new SimKnowledgeEntry("Сколько секунд в двадцати минутах?", "math", "ru", "1200", null),
        };
        await using var server = await Sim.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-oracle", 1.0), SimModelProfile.Simple("sim-dunce", 0.0)],
            Knowledge = new SimKnowledge(entries),
        });
        using var http = new HttpClient();

        for (long seed = 0; seed < 12; seed++)
        {
            string en = await Sim.AnswerAsync(http, server, Sim.Body("sim-oracle", entries[0].Question, seed: seed));
            string ru = await Sim.AnswerAsync(http, server, Sim.Body("sim-oracle", entries[1].Question, seed: seed));
            string wrong = await Sim.AnswerAsync(http, server, Sim.Body("sim-dunce", entries[0].Question, seed: seed));

            Assert.True(en.Contains("1234.5", StringComparison.Ordinal) || en.Contains("1,234.5", StringComparison.Ordinal), en);
            Assert.True(ru.Contains("1200", StringComparison.Ordinal) || ru.Contains("1 200", StringComparison.Ordinal), ru);
            Assert.DoesNotContain("1234.5", wrong.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Matches(@"\d", wrong);
        }
    }

    [Fact]
    public async Task Chinese_multiple_choice_uses_Chinese_forms()
    {
        var entry = new SimKnowledgeEntry("中国的首都是哪里？", "geography", "zh", "A", ["北京", "上海", "广州", "深圳"]);
        await using var server = await Sim.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-oracle", 1.0)],
            Knowledge = new SimKnowledge([entry]),
        });
        using var http = new HttpClient();

        string answer = await Sim.AnswerAsync(http, server, Sim.Body("sim-oracle", entry.Question + "\n\nA. 北京\nB. 上海\nC. 广州\nD. 深圳"));

        Assert.Contains('A', answer);
        Assert.True(answer.Contains('答', StringComparison.Ordinal) || answer.Contains('选', StringComparison.Ordinal), answer);
    }
}
