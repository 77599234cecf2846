namespace Arbiter.Simulator.Tests.Answers;

public sealed class DeterminismTests
{
    [Fact]
    public async Task Same_request_twice_gives_the_same_answer()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        foreach (var model in SimModelZoo.Default)
        {
            string first = await Sim.AnswerAsync(http, server, Sim.Body(model.Name, "What is a good way to learn piano?", seed: 42));
            string second = await Sim.AnswerAsync(http, server, Sim.Body(model.Name, "What is a good way to learn piano?", seed: 42));
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public async Task Same_seed_on_a_fresh_server_gives_the_same_answer()
    {
        string Prompt = "Summarise the plot of a detective novel.";
        using var http = new HttpClient();
        string a, b;
        await using (var server = await Sim.StartAsync(new SimServerOptions { Seed = 5 }))
        {
            a = await Sim.AnswerAsync(http, server, Sim.Body("sim-atlas-large", Prompt));
        }

        await using (var server = await Sim.StartAsync(new SimServerOptions { Seed = 5 }))
        {
            b = await Sim.AnswerAsync(http, server, Sim.Body("sim-atlas-large", Prompt));
        }

        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Different_request_seeds_can_give_different_answers()
    {
        var knowledge = Calibration.Entries(50, "en");
        await using var server = await Sim.StartAsync(new SimServerOptions
        {
            Models = [SimModelProfile.Simple("sim-coin", 0.5)],
            Knowledge = new SimKnowledge(knowledge),
        });
        using var http = new HttpClient();

        var answers = new HashSet<string>();
        for (long seed = 0; seed < 8; seed++)
        {
            answers.Add(await Sim.AnswerAsync(http, server, Sim.Body("sim-coin", Calibration.Prompt(knowledge[0]), seed: seed)));
        }

        Assert.True(answers.Count > 1, "eight epochs of a coin-flip model all answered identically");
    }

    [Fact]
    public async Task Generic_answers_follow_the_prompt_language()
    {
        await using var server = await Sim.StartAsync(SimModelProfile.Simple("sim-x", 0.5));
        using var http = new HttpClient();

        string ru = await Sim.AnswerAsync(http, server, Sim.Body("sim-x", "Расскажи, как устроен двигатель внутреннего сгорания."));
        string zh = await Sim.AnswerAsync(http, server, Sim.Body("sim-x", "请介绍一下长城的历史。"));
        string en = await Sim.AnswerAsync(http, server, Sim.Body("sim-x", "Describe how an engine works."));

        Assert.Contains(ru, c => c is >= 'а' and <= 'я');
        Assert.Contains(zh, c => c is >= '\u4E00' and <= '\u9FFF');
        Assert.DoesNotContain(en, c => c is >= 'а' and <= 'я' or >= '\u4E00' and <= '\u9FFF');
    }

    [Fact]
    public async Task Generic_answers_vary_in_length_and_markdown()
    {
        await using var server = await Sim.StartAsync(SimModelProfile.Simple("sim-x", 0.5));
        using var http = new HttpClient();

        var answers = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            answers.Add(await Sim.AnswerAsync(http, server, Sim.Body("sim-x", $"Question number {i}: how do I plan a trip?")));
        }

        Assert.Contains(answers, a => a.Contains("**", StringComparison.Ordinal) || a.Contains("\n- ", StringComparison.Ordinal));
        Assert.Contains(answers, a => !a.Contains('#', StringComparison.Ordinal) && !a.Contains("**", StringComparison.Ordinal));
        Assert.True(answers.Max(a => a.Length) > 2 * answers.Min(a => a.Length));
    }

    [Fact]
    public async Task Asked_who_it_is_a_model_sometimes_names_itself()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        var replies = new List<string>();
        for (long seed = 0; seed < 10; seed++)
        {
            replies.Add(await Sim.AnswerAsync(http, server, Sim.Body("sim-volga-pro", "Who are you?", seed: seed)));
        }

        Assert.Contains(replies, r => r.Contains("Volga", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thinking_models_emit_think_blocks_left_open_when_cut()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        string full = await Sim.AnswerAsync(http, server, Sim.Body("sim-thinker-r1", "What is 2+2?"));
        string cut = await Sim.AnswerAsync(http, server, Sim.Body("sim-thinker-r1", "What is 2+2?", maxTokens: 6));

        Assert.StartsWith("<think>\n", full, StringComparison.Ordinal);
        Assert.Contains("</think>", full, StringComparison.Ordinal);
        Assert.StartsWith("<think>", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("</think>", cut, StringComparison.Ordinal);
    }
}
