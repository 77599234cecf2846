using System.Text;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Suites;

/// <summary>Suite files read on demand give what reading them whole gave: items, ids, errors and their lines.</summary>
public sealed class JsonlFileItemsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-items-").FullName;

    private string Write(string content, bool bom = false)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    private static List<SuiteItem> Whole(string path)
    {
        using var reader = File.OpenText(path);
        return JsonlItems.Read(path, reader, "s-");
    }

    private static string Describe(SuiteItem i) =>
        $"{i.Id}|{string.Join("/", i.Input.Select(t => t.Role + ":" + t.Content))}|{i.Target}|{string.Join(",", i.Choices ?? [])}|{string.Join(",", i.Metadata.Select(m => m.Key + "=" + m.Value))}";

    [Theory]
    [InlineData("\n", false)]
    [InlineData("\r\n", true)]
    [InlineData("\r", false)]
    public void Items_read_on_demand_equal_the_items_read_whole(string newline, bool bom)
    {
        string[] lines =
        [
            """{"input":"first, no id: its id is the line number","target":"1"}""",
            "",
            "   ",
            """{"id":"b","input":[{"role":"system","content":"sys"},{"role":"user","content":"Привет, 世界"}],"target":"2","metadata":{"topic":"x","n":3}}""",
            """{"input":"MC","choices":["a","b","c"],"target":"c"}""",
            """{"id":"d","input":"last line without a break","target":"4"}""",
        ];
        var path = Write(string.Join(newline, lines), bom);

        var streamed = JsonlFileItems.Open(path, "s-");
        var whole = Whole(path);

        Assert.Equal(4, streamed.Count);
        Assert.Equal(whole.Select(Describe), streamed.Select(Describe));
        Assert.Equal(whole.Select(Describe), Enumerable.Range(0, streamed.Count).Select(i => Describe(streamed[i])));
        Assert.Equal("s-0001", streamed[0].Id);
        Assert.Equal("s-0005", streamed[2].Id);
    }

    [Fact]
    public void A_duplicate_id_is_reported_at_its_line()
    {
        var path = Write("""
            {"id":"a","input":"q","target":"1"}
            {"id":"b","input":"q","target":"1"}
            {"id":" a ","input":"q","target":"1"}
            {"id":"b","input":"q","target":"1"}
            """);

        var ex = Assert.Throws<ConfigException>(() => JsonlFileItems.Open(path, "s-"));
        var old = Assert.Throws<ConfigException>(() => Whole(path));
        Assert.Equal(old.Message, ex.Message);
        Assert.Contains(":3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate item id 'a'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"a","input":"q","target":"1"}""" + "\n" + """{"id":"a","input":"q","target":"1"}""" + "\nnot json\n")]
    [InlineData("""{"id":"a","input":"q","target":"1"}""" + "\nnot json\n" + """{"id":"a","input":"q","target":"1"}""" + "\n")]
    [InlineData("""{"id":"a","input":"q"}""" + "\n")]
    [InlineData("""{"id":"a","input":"q","target":"1","extra":1}""" + "\n")]
    public void The_first_error_of_the_file_is_the_one_reported(string content)
    {
        var path = Write(content);

        var ex = Assert.Throws<ConfigException>(() => JsonlFileItems.Open(path, "s-"));
        Assert.Equal(Assert.Throws<ConfigException>(() => Whole(path)).Message, ex.Message);
    }

    [Fact]
    public void A_suite_file_on_disk_is_not_held_in_a_list()
    {
        var path = Write("""{"id":"a","input":"q","target":"1"}""" + "\n");

        var suite = SuiteLoader.Load(path);

        Assert.IsType<JsonlFileItems>(suite.Items);
        Assert.Equal(["a"], suite.Items.Select(i => i.Id));
    }

    [Fact]
    public void Items_beyond_the_kept_offsets_are_found_by_position_with_their_own_lines()
    {
        // Blank lines at irregular places, so line numbers and positions drift apart across several strides.
        var lines = Enumerable.Range(0, 5 * JsonlFileItems.Stride + 7).Select(i => (i % 13 == 5 ? "\n" : "") + (i % 3 == 0
            ? $$"""{"input":"q{{i}}","target":"{{i}}"}"""
            : $$"""{"id":"x{{i}}","input":"q{{i}}","target":"{{i}}"}"""));
        var path = Write(string.Join("\n", lines) + "\n");

        var streamed = JsonlFileItems.Open(path, "s-");
        var whole = Whole(path);

        Assert.Equal(whole.Count, streamed.Count);
        Assert.Equal(whole.Select(Describe), streamed.Select(Describe));
        Assert.Equal(whole.Select(Describe), Enumerable.Range(0, streamed.Count).Select(i => Describe(streamed[i])));
    }

    [Fact]
    public void A_duplicate_far_into_a_large_file_is_reported_at_its_line_as_when_read_whole()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => $$"""{"id":"{{(i == 2500 ? "k17" : "k" + i)}}","input":"q","target":"1"}""").ToList();
        lines.Insert(2000, "");
        var path = Write(string.Join("\n", lines));

        var ex = Assert.Throws<ConfigException>(() => JsonlFileItems.Open(path, "s-"));
        Assert.Equal(Assert.Throws<ConfigException>(() => Whole(path)).Message, ex.Message);
        Assert.Contains(":2502", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeat_of_the_first_id_after_the_hashes_outgrew_their_first_block_is_reported_at_its_line()
    {
        // 10,000 ids: the hash store grows twice past its first 4,096; the repeat is of the very first id.
        var lines = Enumerable.Range(0, 10_000).Select(i => $$"""{"id":"{{(i == 9_999 ? "k0" : "k" + i)}}","input":"q","target":"1"}""");
        var path = Write(string.Join("\n", lines) + "\n");

        var ex = Assert.Throws<ConfigException>(() => JsonlFileItems.Open(path, "s-"));
        Assert.Equal(Assert.Throws<ConfigException>(() => Whole(path)).Message, ex.Message);
        Assert.Contains(":10000", ex.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate item id 'k0'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_distinct_ids_open_with_their_count()
    {
        var path = Write(string.Join("\n", Enumerable.Range(0, 10_000).Select(i => $$"""{"id":"k{{i}}","input":"q","target":"1"}""")));

        var items = JsonlFileItems.Open(path, "s-");

        Assert.Equal(10_000, items.Count);
        Assert.Equal("k9999", items[9_999].Id);
    }

    [Fact]
    public void Id_hashes_keep_every_value_across_growth_and_are_empty_once_disposed()
    {
        var hashes = new IdHashes();
        for (ulong i = 0; i < 10_000; i++) hashes.Add(i * 7919);

        Assert.Equal(10_000, hashes.Count);
        Assert.Equal(9_999UL * 7919, hashes.Span[^1]);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (ulong)i * 7919), hashes.Span.ToArray());
        hashes.Dispose();
        Assert.Equal(0, hashes.Count);
        Assert.True(hashes.Span.IsEmpty);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
