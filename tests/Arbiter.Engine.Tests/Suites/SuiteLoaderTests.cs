using System.Globalization;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Suites;

public sealed class SuiteLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-suites-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Gsm8k_gold_answers_are_read_from_after_the_last_marker()
    {
        var suite = SuiteLoader.Load(Fixture("gsm8k_test_200.jsonl"));
        Assert.Equal(200, suite.Items.Count);
        Assert.Equal("18", suite.Items[0].Target);
        Assert.Equal("2125", suite.Items[146].Target); // line 147 is written "2,125"
        Assert.Equal(345641m, suite.Items.Sum(i => decimal.Parse(i.Target!, CultureInfo.InvariantCulture)));
        Assert.All(suite.Items, i => Assert.Equal("numeric", i.Scorer?.Kind));
    }

    [Fact]
    public void Mmlu_csv_with_quoted_line_breaks_is_parsed_by_records_not_lines()
    {
        var suite = SuiteLoader.Load(Fixture("mmlu_dev.csv"));
        Assert.Equal(285, suite.Items.Count);
        var letters = suite.Items.GroupBy(i => i.Target!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(67, letters["A"]);
        Assert.Equal(69, letters["B"]);
        Assert.Equal(72, letters["C"]);
        Assert.Equal(77, letters["D"]);
        Assert.Equal(57, suite.Items.Select(i => i.Metadata["subject"]).Distinct().Count());
        Assert.Equal("abstract_algebra", suite.Items[0].Metadata["subject"]);
        Assert.Equal(31, suite.Items.Count(i => i.Question.Contains('\n', StringComparison.Ordinal) || i.Choices!.Any(c => c.Contains('\n', StringComparison.Ordinal))));
    }

    [Fact]
    public void Native_manifest_with_few_shot_epochs_and_template()
    {
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), """
            id: demo-suite
            version: "2"
            domain: banking
            language: ru
            confidentiality: confidential
            epochs: 3
            systemPrompt: "Вы сдаёте экзамен."
            promptTemplate: "Вопрос: {question}\n{choices}\n{instruction}"
            fewShot: { file: dev.jsonl, k: 1 }
            """);
        File.WriteAllText(Path.Combine(_dir, "items.jsonl"),
            """{"id":"a","input":"2+2?","choices":["3","4","5","6"],"target":"b"}""" + "\n" +
            """{"id":"b","input":"Сколько будет 10%?","target":"10","metadata":{"topic":"pct","answerType":"numeric"}}""" + "\n");
        File.WriteAllText(Path.Combine(_dir, "dev.jsonl"), """{"id":"s1","input":"1+1?","choices":["1","2","3","4"],"target":"B"}""" + "\n");

        var suite = SuiteLoader.Load(_dir);
        Assert.Equal(("demo-suite", "2", "banking", "ru", 3), (suite.Id, suite.Version, suite.Domain, suite.Language, suite.Epochs));
        Assert.Equal(Core.Suites.Confidentiality.Confidential, suite.Confidentiality);
        Assert.Equal("B", suite.Items[0].Target); // letters are normalised to upper case
        var messages = PromptRenderer.Render(suite, suite.Items[0]);
        Assert.Equal(["system", "user", "assistant", "user"], messages.Select(m => m.Role));
        Assert.Equal("Ответ: B", messages[2].Content);
        Assert.StartsWith("Вопрос: 2+2?\nA. 3\nB. 4", messages[3].Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"a","input":"x","target":"1"}""" + "\n" + """{"id":"b","input":"y",""" + "\n", 2, "invalid JSON")]
    [InlineData("""{"id":"a","input":"x","choices":["1","2"],"target":"C"}""" + "\n", 1, "letter A–B")]
    [InlineData("""{"id":"a","input":"x"}""" + "\n", 1, "needs a 'target' or a 'pattern'")]
    [InlineData("""{"id":"a","input":"x","target":"1"}""" + "\n\n" + """{"id":"a","input":"y","target":"2"}""" + "\n", 3, "duplicate item id")]
    [InlineData("""{"id":"a","prompt":"x","target":"1"}""" + "\n", 1, "unknown field 'prompt'")]
    [InlineData("""{"id":"a","input":"x","pattern":"(unclosed"}""" + "\n", 1, "invalid regular expression")]
    public void A_malformed_line_is_reported_with_file_and_line(string content, int line, string message)
    {
        var path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(path, content);
        var ex = Assert.Throws<ConfigException>(() => SuiteLoader.Load(path));
        Assert.Equal(path, ex.File);
        Assert.Equal(line, ex.Line);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_csv_quote_is_reported_at_the_line_where_it_opens()
    {
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: q\nformat: mmlu\nitems: items.csv\n");
        File.WriteAllText(Path.Combine(_dir, "items.csv"), "What is 2+2?,3,4,5,6,B\n\"Capital of France?,Rome,Paris,Oslo,Bern,B\nSky?,red,blue,green,black,B\n");
        var ex = Assert.Throws<ConfigException>(() => SuiteLoader.Load(_dir));
        Assert.Equal(2L, ex.Line); // the file has 3 lines; the quote opens on line 2
        Assert.Contains("quote left open on line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_error_names_line_and_column()
    {
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: x\nlanguage: en\nscorer: fuzzy\n");
        var ex = Assert.Throws<ConfigException>(() => SuiteLoader.Load(_dir));
        Assert.Equal((3L, 9L), (ex.Line, ex.Column));
        Assert.Contains("unknown scorer 'fuzzy'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rubric_scorer_names_its_rubric_and_judge()
    {
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"),
            "id: essays\nlanguage: en\nscorer:\n  kind: rubric\n  rubric: Names \"Paris\" as the capital\n  judge: big-judge\nitems: items.jsonl\n");
        File.WriteAllText(Path.Combine(_dir, "items.jsonl"), """{"id":"a","input":"Capital of France?","target":"Paris"}""" + "\n");
        var suite = SuiteLoader.Load(_dir);
        var scorer = Assert.IsType<Arbiter.Engine.Scoring.Rubric.RubricScorer>(Arbiter.Engine.Scoring.ScorerFactory.For(suite.Items[0], suite.Scorer));
        Assert.Equal(("Names \"Paris\" as the capital", "big-judge"), (scorer.Rubric, scorer.Judge));
    }

    [Fact]
    public void Items_of_a_rubric_suite_need_no_target_and_other_suites_still_do()
    {
        File.WriteAllText(Path.Combine(_dir, "items.jsonl"), """{"id":"a","input":"Write a haiku about rain."}""" + "\n" + """{"id":"b","input":"And one about snow."}""" + "\n");
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: poems\nlanguage: en\nscorer:\n  kind: rubric\n  rubric: A haiku of three lines\nitems: items.jsonl\n");
        var suite = SuiteLoader.Load(_dir);
        Assert.Equal([null, null], suite.Items.Select(i => i.Target));
        Assert.Equal("b", suite.Items[1].Id);

        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: poems\nlanguage: en\nscorer: exact\nitems: items.jsonl\n");
        var ex = Assert.Throws<ConfigException>(() => SuiteLoader.Load(_dir));
        Assert.Equal(1L, ex.Line);
        Assert.Contains("an item needs a 'target' or a 'pattern'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rubric_scorer_on_one_item_is_an_error_naming_the_line()
    {
        File.WriteAllText(Path.Combine(_dir, "items.jsonl"), """{"id":"a","input":"hi","target":"x"}""" + "\n" + """{"id":"b","input":"hi","target":"y","scorer":"rubric"}""" + "\n");
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: x\nlanguage: en\nitems: items.jsonl\n");
        var ex = Assert.Throws<ConfigException>(() => SuiteLoader.Load(_dir));
        Assert.Equal(2L, ex.Line);
        Assert.Contains("set for the whole suite", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scorer:\n  kind: rubric\n  judge: j\n", "needs a 'rubric' text")]
    [InlineData("scorer:\n  kind: exact\n  rubric: r\n", "belong to scorer 'rubric'")]
    public void A_rubric_scorer_without_its_text_is_an_error_at_its_line(string scorer, string message)
    {
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: x\nlanguage: en\n" + scorer + "items: items.jsonl\n");
        File.WriteAllText(Path.Combine(_dir, "items.jsonl"), """{"id":"a","input":"hi","target":"x"}""" + "\n");
        var ex = Assert.Throws<ConfigException>(() => SuiteLoader.Load(_dir));
        Assert.Equal(4L, ex.Line);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_suites_cover_five_domains_in_three_languages()
    {
        var suites = BuiltInSuites.List();
        Assert.Equal(15, suites.Count);
        Assert.Equal(["banking", "education", "healthcare", "public-admin", "science"], suites.Select(s => s.Domain).Distinct().Order());
        Assert.Equal(["en", "ru", "zh"], suites.Select(s => s.Language).Distinct().Order());
        Assert.All(suites, s => Assert.True(s.Items.Count >= 25, $"{s.Id} has {s.Items.Count} items"));
        Assert.True(suites.Sum(s => s.Items.Count) >= 375);
        Assert.All(suites, s => Assert.Contains(s.Items, i => i.Choices is null)); // every suite mixes in free answers
        Assert.Equal(3, BuiltInSuites.Resolve("builtin:science-*").Count);
    }
}
