using Arbiter.Core.Suites;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Suites;

/// <summary>Few-shot examples never show an item its own answer and follow its subject (issue 13, defect 8).</summary>
public sealed class FewShotSelectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-shots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SuiteItem Item(string id, string question, string target, string? subject = null) =>
        new(id, [new ChatTurn("user", question)], null, target, null,
            subject is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["subject"] = subject });

    private static string[] Questions(IReadOnlyList<SuiteItem> shots) => shots.Select(s => s.Question).ToArray();

    [Fact]
    public void An_item_is_left_out_of_its_own_shots_and_the_next_row_is_taken()
    {
        SuiteItem[] pool = [Item("s1", "q1", "1"), Item("s2", "q2", "2"), Item("s3", "q3", "3")];
        var selector = new FewShotSelector(pool, 2);
        // The test item is the same question under another id (the shot file is the test file).
        Assert.Equal(["q2", "q3"], Questions(selector.For(Item("t1", "q1", "1"))));
        Assert.Equal(["q1", "q3"], Questions(selector.For(Item("t2", "q2", "2"))));
        Assert.Equal(["q1", "q2"], Questions(selector.For(Item("t9", "q9", "9"))));
    }

    [Fact]
    public void Shots_come_from_the_item_subject_first()
    {
        SuiteItem[] pool =
        [
            Item("m1", "math 1", "1", "math"), Item("m2", "math 2", "2", "math"), Item("m3", "math 3", "3", "math"),
            Item("l1", "law 1", "A", "law"), Item("l2", "law 2", "B", "law"),
        ];
        var selector = new FewShotSelector(pool, 2);
        Assert.Equal(["law 1", "law 2"], Questions(selector.For(Item("t", "law ?", "C", "law"))));
        // A subject with too few examples is filled from the rest, in file order.
        Assert.Equal(["law 2", "math 1"], Questions(selector.For(Item("t", "law 1", "A", "law"))));
        // A subject the shot file does not have (an MMLU CSV without a subject column is named after its file).
        Assert.Equal(["math 1", "math 2"], Questions(selector.For(Item("t", "bio ?", "C", "test"))));
    }

    [Fact]
    public void Warnings_name_overlap_and_short_subjects()
    {
        SuiteItem[] items = [Item("a", "q1", "1", "x"), Item("b", "q2", "2", "x"), Item("c", "q3", "3", "y")];
        var warnings = new FewShotSelector(items, 2).Warnings(items);
        Assert.Contains(warnings, w => w.Contains("3 of 3 test items are also few-shot examples", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("subject 'x'", StringComparison.Ordinal) && w.Contains("k=2", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("subject 'y'", StringComparison.Ordinal));
        Assert.Empty(new FewShotSelector([Item("s", "shot", "0")], 1).Warnings(items));
    }

    [Fact]
    public void With_no_separate_split_and_only_k_items_every_item_gets_fewer_shots_and_a_warning()
    {
        SuiteItem[] items = [Item("a", "q1", "1"), Item("b", "q2", "2")];
        var selector = new FewShotSelector(items, 2);
        Assert.Equal(["q2"], Questions(selector.For(items[0])));
        Assert.Contains(selector.Warnings(items), w => w.Contains("2 items get fewer than k=2 shots", StringComparison.Ordinal));
    }

    [Fact]
    public void A_manifest_without_a_shot_file_takes_shots_from_its_items_and_never_shows_an_item_its_answer()
    {
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: s\nfewShot: { k: 2 }\n");
        File.WriteAllLines(Path.Combine(_dir, "items.jsonl"), Enumerable.Range(1, 4).Select(i =>
            $$"""{"id":"i{{i}}","input":"What is {{i}}+{{i}}?","target":"{{i * 2}}"}"""));
        var suite = SuiteLoader.Load(_dir);
        foreach (var item in suite.Items)
        {
            var messages = PromptRenderer.Render(suite, item);
            Assert.Equal(5, messages.Count); // two shots (user + assistant each) and the item
            Assert.Single(messages, m => m.Content.Contains(item.Question, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_mmlu_shot_file_with_a_subject_column_gives_each_item_its_subject_shots()
    {
        File.WriteAllText(Path.Combine(_dir, "suite.yaml"), "id: s\nformat: mmlu\nitems: test.csv\nfewShot: { file: dev.csv, k: 1 }\n");
        File.WriteAllText(Path.Combine(_dir, "dev.csv"), "subject,question,A,B,C,D,answer\nmath,Dev math?,1,2,3,4,A\nlaw,Dev law?,1,2,3,4,B\n");
        File.WriteAllText(Path.Combine(_dir, "test.csv"), "subject,question,A,B,C,D,answer\nlaw,Test law?,1,2,3,4,C\nmath,Test math?,1,2,3,4,D\n");
        var suite = SuiteLoader.Load(_dir);
        var law = PromptRenderer.Render(suite, suite.Items[0]);
        Assert.StartsWith("Dev law?", law[0].Content, StringComparison.Ordinal);
        var math = PromptRenderer.Render(suite, suite.Items[1]);
        Assert.StartsWith("Dev math?", math[0].Content, StringComparison.Ordinal);
    }
}
