using System.Text;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

/// <summary>
/// The parallel read of a JSON Lines battle file (<see cref="BattleTableParts"/>) against one sequential read of the same
/// file: the same models in the same first-seen order, the same battles (in order, with style), the same problems with
/// the same lines in the same order — whatever rows the cuts fall between.
/// </summary>
public sealed class BattleTablePartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-parts-").FullName;

    /// <summary>Clean rows, rows only the importer reads, problems, blank lines, and a BOM that starts a line mid-file.</summary>
    private static IEnumerable<string> Lines(int blocks)
    {
        for (int k = 0; k < blocks; k++)
        {
            // New models keep appearing all through the file, so first-seen order depends on every part.
            string a = $"m{k % 37}", b = $"m{(k * 7 % 41) + 1}", fresh = $"late-{k / 25}";
            yield return $$$"""{"model_a":"{{{a}}}","model_b":"{{{b}}}","winner":"model_a","language":"English","anony":true,"conv_metadata":{"sum_assistant_a_tokens":{{{k}}},"sum_assistant_b_tokens":9}}""";
            yield return $$"""{"model_a":"{{fresh}}","model_b":"{{a}}","winner":"tie","language":"Russian","anony":false}""";
            yield return $$"""{"model_a":"{{b}}","model_b":"d\u00e9lta","winner":"model\u005fb","anony":true}""";
            yield return $$"""{"model_a":"{{a}}","model_b":"{{b}}","winner":"tie (bothbad)","anony":true,"conversation_a":[{"role":"assistant","content":"# T\n- x"}],"conversation_b":[{"role":"assistant","content":"plain"}]}""";
            if (k % 3 == 0) yield return "";
            if (k % 5 == 0) yield return """{"model_a":"x","model_b":"x","winner":"tie"}""";
            if (k % 7 == 0) yield return "not json";
            if (k % 11 == 0) yield return "\uFEFF" + $$"""{"model_a":"{{a}}","model_b":"{{fresh}}","winner":"model_b"}""";
            if (k % 13 == 0) yield return $$"""{"model_a":"{{a}}","winner":"model_b"}""";
        }
    }

    public static TheoryData<bool, int> Cases() => new() { { false, 2 }, { false, 5 }, { true, 3 }, { true, 8 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Parts_give_the_sequential_table_and_problems(bool styleControl, int parts)
    {
        string path = Write("mixed.jsonl", "\uFEFF" + string.Join('\n', Lines(400)));
        foreach (var filter in new[] { BattleFilter.All, new BattleFilter(Language: "english"), new BattleFilter(AnonymousOnly: true) })
        {
            var (expected, expectedProblems) = await ReadAsync(path, filter, styleControl, parts: 1);
            var (actual, actualProblems) = await ReadAsync(path, filter, styleControl, parts);

            Assert.True(expectedProblems.Count > 100);
            Assert.Equal(expectedProblems, actualProblems);
            AssertSameTable(expected, actual);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_large_array_read_on_two_cores_gives_the_sequential_table_and_problems(bool styleControl, bool broken)
    {
        // Over 2 MB of elements (several batches), one element larger than a batch, and (broken) an array that breaks off.
        var elements = Lines(3000).Where(l => l.StartsWith('{')).ToList();
        elements.Insert(1500, $$$"""{"model_a":"m1","model_b":"m2","winner":"model_a","pad":"{{{new string('x', ElementPipeline.BatchBytes + 10)}}}"}""");
        string content = "\uFEFF[\n" + string.Join(",\n", elements) + (broken ? ",\n{\"model_a\": tru" : "\n]");
        string path = Write("battles.json", content);

        var (expected, expectedProblems) = await ReadAsync(path, BattleFilter.All, styleControl, parts: 1);
        var (actual, actualProblems) = await ReadAsync(path, BattleFilter.All, styleControl, parts: 2);

        Assert.True(expected.Count > 5000);
        Assert.Equal(broken, expectedProblems.Any(p => p.Kind == BattleProblemKind.InvalidJson && p.Message.Contains("malformed", StringComparison.Ordinal)));
        Assert.Equal(expectedProblems, actualProblems);
        AssertSameTable(expected, actual);
    }

    [Fact]
    public async Task A_part_holding_too_many_problems_gives_up_and_the_rest_is_read_in_order()
    {
        // The second half is all problems: more than a later part may hold, so it is read again after the first half.
        var lines = Lines(200).Concat(Enumerable.Range(0, BattleTableParts.MaxHeldProblems + 500).Select(i => i % 2 == 0 ? "not json" : "[1]"))
            .Concat(Lines(50));
        string path = Write("bad-tail.jsonl", string.Join('\n', lines) + "\n");

        var (expected, expectedProblems) = await ReadAsync(path, BattleFilter.All, styleControl: false, parts: 1);
        var (actual, actualProblems) = await ReadAsync(path, BattleFilter.All, styleControl: false, parts: 4);

        Assert.True(expectedProblems.Count > BattleTableParts.MaxHeldProblems);
        Assert.Equal(expectedProblems, actualProblems);
        AssertSameTable(expected, actual);
    }

    [Fact]
    public void Cuts_fall_just_after_line_ends_and_long_lines_give_fewer_parts()
    {
        string path = Write("cuts.jsonl", "aaaa\nbb\ncccccccc\nd\n");
        Assert.Equal([0L, 8L, 17L, 19L], BattleTableParts.Cut(path, 3));
        // One line longer than every part: no cut inside it.
        string longLine = Write("long.jsonl", new string('x', 200_000) + "\nshort\n");
        Assert.Equal([0L, 200_001L, 200_007L], BattleTableParts.Cut(longLine, 4));
        string noNewline = Write("one.jsonl", new string('x', 1000));
        Assert.Equal([0L, 1000L], BattleTableParts.Cut(noNewline, 2));
    }

    [Fact]
    public async Task A_cancelled_read_stops_every_part()
    {
        string path = Write("big.jsonl", string.Join('\n', Lines(2000)));
        using var cts = new CancellationTokenSource();
        int problems = 0;
        // Cancelled while the first part reads: the read ends with the cancellation, after every part has stopped.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BattleTableReader.ReadAsync(path, BattleFilter.All, false,
            _ => { if (++problems == 1) cts.Cancel(); }, BattleFormat.Auto, partBytes: 1024, maxParts: 4, cts.Token));
        // Cancellation is seen at the next buffer of the file, so only the first part's first buffer reported problems.
        var (_, all) = await ReadAsync(path, BattleFilter.All, styleControl: false, parts: 1);
        Assert.InRange(problems, 1, all.Count / 2);
    }

    private static async Task<(BattleTable Table, List<BattleProblem> Problems)> ReadAsync(string path, BattleFilter filter, bool styleControl, int parts)
    {
        var problems = new List<BattleProblem>();
        var table = await BattleTableReader.ReadAsync(path, filter, styleControl, problems.Add, BattleFormat.Auto,
            partBytes: parts == 1 ? long.MaxValue : 1024, maxParts: parts, TestContext.Current.CancellationToken);
        return (table, problems);
    }

    private static void AssertSameTable(BattleTable expected, BattleTable actual)
    {
        Assert.Equal(expected.Models, actual.Models);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Tally(), actual.Tally());
        var (e, a) = (expected.ToBattleSet(), actual.ToBattleSet());
        Assert.Equal(e.Models, a.Models);
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Models.Length; i++)
        {
            for (int j = 0; j < e.Models.Length; j++) Assert.Equal(e.WinsOf(i, j), a.WinsOf(i, j));
        }
        if (!expected.KeepsStyle) return;
        for (int k = 0; k < expected.Count; k++)
        {
            Assert.Equal(expected.BattleAt(k), actual.BattleAt(k));
            Assert.Equal(expected.HasStyle(k), actual.HasStyle(k));
            Assert.Equal((expected.StyleOf(k, 0), expected.StyleOf(k, 1)), (actual.StyleOf(k, 0), actual.StyleOf(k, 1)));
        }
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
