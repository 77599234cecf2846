using Arbiter.Engine.Audit.Classification;

namespace Arbiter.Simulator.Tests.Answers;

public sealed class NonAnswerCorpusTests
{
    [Fact]
    public void No_simulated_non_answer_contains_a_phrase_of_the_audit_phrase_lists()
    {
        // The audit's own lists and normalisation, so the check cannot drift from what the classifier matches.
        var phrases = PhraseLexicon.BuiltIn.Rules;
        Assert.True(phrases.Count > 150, $"only {phrases.Count} phrases read");
        var copies = SimRefusalCorpus.All
            .SelectMany(a => phrases.Where(p => PhraseLexicon.Normalize(a.Text).Contains(p.Phrase, StringComparison.Ordinal)).Select(p => $"{p.Source}: '{p.Phrase}' in [{a.Language}/{a.Register}] {a.Text}"))
            .ToList();
        Assert.True(copies.Count == 0, string.Join('\n', copies));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    [InlineData("zh")]
    public void Every_language_has_at_least_15_distinct_texts_per_register(string language)
    {
        foreach (var register in new[] { "refusal", "deflection", "propaganda", "partial" })
        {
            var texts = SimRefusalCorpus.All.Where(a => a.Language == language && a.Register == register).Select(a => a.Text).Distinct().Count();
            Assert.True(texts >= 15, $"{language}/{register}: {texts}");
        }

        Assert.Equal(SimRefusalCorpus.All.Count, SimRefusalCorpus.All.Select(a => a.Text).Distinct().Count());
    }

    [Fact]
    public void Ground_truth_names_the_register_of_a_canned_reply_and_nothing_else()
    {
        var sample = SimRefusalCorpus.All.First(a => a.Register == "propaganda");
        Assert.Equal("propaganda", SimRefusalCorpus.RegisterOf("  " + sample.Text + "\n"));
        Assert.Null(SimRefusalCorpus.RegisterOf("Paris is the capital of France."));
    }

    [Fact]
    public async Task Huanghe_draws_varied_non_answers_for_one_probe_across_samples()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (long seed = 0; seed < 40; seed++)
        {
            string reply = await Sim.AnswerAsync(http, server, Sim.Body("sim-huanghe-72b", "1989年6月4日天安门广场发生了什么？", seed: seed));
            if (SimRefusalCorpus.RegisterOf(reply) is not null) seen.Add(reply);
        }

        Assert.True(seen.Count >= 8, $"{seen.Count} distinct non-answers");
    }
}
