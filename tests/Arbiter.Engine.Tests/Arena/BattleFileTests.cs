using System.Text;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class BattleFileTests : IDisposable
{
    private const string Valid = """{"model_a":"a","model_b":"b","winner":"model_a"}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-battle-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Inputs => BattleImporterPinTests.Inputs;

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Streaming_a_file_reads_what_the_whole_file_reader_of_1f0575a_read(string name)
    {
        var (content, format) = BattleImporterPinTests.Input(name);
        var path = Path.Combine(_dir, "battles");
        await File.WriteAllBytesAsync(path, content, TestContext.Current.CancellationToken);

        var file = await BattleFile.OpenAsync(path, format, TestContext.Current.CancellationToken);
        var import = await CollectAsync(file);

        Assert.Equal(BattleImporterPinTests.Digest(BattleImporter.Read(content, format)), BattleImporterPinTests.Digest(import));
        Assert.Equal(BattleImporterPinTests.Pinned(name), BattleImporterPinTests.Digest(import));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Rows_split_across_any_read_boundary_read_the_same(string name)
    {
        var (content, format) = BattleImporterPinTests.Input(name);
        foreach (int step in new[] { 1, 2, 7, 4093 })
        {
            var file = await BattleFile.OpenAsync(() => new TrickleStream(content, step), format, TestContext.Current.CancellationToken);

            Assert.Equal(BattleImporterPinTests.Pinned(name), BattleImporterPinTests.Digest(await CollectAsync(file)));
        }
    }

    [Theory]
    [InlineData("[\n" + Valid + ",\n" + Valid + ",\n{\"model_a\": }\n]", 2, 4)]
    [InlineData("[\n" + Valid + ",\n" + Valid + ",\n{\"model_a\":\"x\"", 2, 4)]
    [InlineData("[" + Valid + ",,\n" + Valid + "]", 1, 1)]
    [InlineData("[" + Valid + "]\n\nx", 1, 3)]
    public async Task A_malformed_array_keeps_the_battles_before_the_break_and_reports_its_line(string text, int kept, long line)
    {
        var import = await CollectAsync(await BattleFile.OpenAsync(() => new MemoryStream(Encoding.UTF8.GetBytes(text)), BattleFormat.Auto, TestContext.Current.CancellationToken));

        Assert.Equal(kept, import.Battles.Count);
        var problem = Assert.Single(import.Problems);
        Assert.Equal((BattleProblemKind.InvalidJson, line, false), (problem.Kind, problem.Location, problem.IsElementIndex));
        Assert.StartsWith($"line {line}: the JSON array is malformed: ", problem.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"(the {kept} element(s) before it are read)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_larger_than_the_read_buffer_are_read_whole()
    {
        string answer = new('x', 700_000);
        string row = $$"""{"model_a":"a","model_b":"b","winner":"tie","conversation_a":[{"role":"assistant","content":"{{answer}}"}]}""";
        foreach (var text in new[] { $"[{row},{Valid}]", $"{row}\n{Valid}\n" })
        {
            var import = BattleImporter.Read(Encoding.UTF8.GetBytes(text));

            Assert.Empty(import.Problems);
            Assert.Equal(2, import.Battles.Count);
            Assert.Contains(answer, import.Battles[0].ConversationA, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_format_is_known_before_the_rows_are_read()
    {
        var path = Path.Combine(_dir, "fastchat.jsonl");
        await File.WriteAllTextAsync(path, "not json\n[1]\n{\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"tie\",\"anony\":true}\n", TestContext.Current.CancellationToken);

        var file = await BattleFile.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BattleFormat.FastChat, file.Format);
        var problems = new List<BattleProblem>();
        var battles = await file.ReadAsync(problems.Add, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("fc-", Assert.Single(battles).BattleId, StringComparison.Ordinal);
        Assert.Equal(["line 1", "line 2: not a JSON object"], problems.Select(p => p.Location == 1 ? p.ToString()[..6] : p.ToString()));
    }

    private static async Task<BattleImport> CollectAsync(BattleFile file)
    {
        var problems = new List<BattleProblem>();
        var battles = await file.ReadAsync(problems.Add, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        return new BattleImport(file.Format, battles, problems);
    }

    /// <summary>Hands out at most <c>step</c> bytes per read, so rows, the BOM and tokens straddle reads.</summary>
    private sealed class TrickleStream(byte[] content, int step) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, step)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, step), cancellationToken);
    }
}
