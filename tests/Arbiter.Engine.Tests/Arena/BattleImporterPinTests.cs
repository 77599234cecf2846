using System.Security.Cryptography;
using System.Text;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

/// <summary>
/// Pins what the whole-file reader of commit 1f0575a read, so the streaming reader that replaced
/// it provably yields the same ids, fields and problems (a re-import of an old file must add nothing).
/// The digests were recorded by running these inputs through that implementation.
/// </summary>
public sealed class BattleImporterPinTests
{
    internal const string FastChatArray = """
        [
          {"model_a":"m1","model_b":"m2","winner":"model_b","judge":"arena_user_7","turn":2,"anony":true,"language":"English",
           "tstamp":1712345678.5,"question_id":"abc","conv_metadata":{"sum_assistant_a_tokens":300,"header_count_a":{"h1":1,"h2":2},
           "list_count_a":{"ordered":3,"unordered":4},"bold_count_a":{"**":5,"__":1},"sum_assistant_b_tokens":40,
           "header_count_b":{"h1":0},"list_count_b":{"ordered":0},"bold_count_b":{"**":0}}},
          {"model_a":"m1","model_b":"m2","winner":"draw"},
          "not an object", 17, null, [1, 2],
          {"model_a":"m1","model_b":"m3","winner":"tie","conversation_a":[{"role":"user","content":"hi"},{"role":"assistant","content":"# T\n- **x**\n```\n# not\n```"}],
           "conversation_b":[{"role":"assistant","content":"plain"}]},
          {"battle_id":"kept-id","model_a":"m2","model_b":"m3","winner":"tie (bothbad)","flagged":1,"category":"code","tstamp":17},
        ]
        """;

    internal const string MixedJsonl =
        "\"a string first\"\n" +
        "{\"question_id\":1,\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"model_a\"}\r\n" +
        "{\"question_id\":2,\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"a_much_better\"}\n" +
        "   \t\r\n" +
        "{\"question_id\":3,\"model_a\":\"a\",\"winner\":\"tie\"}\n" +
        "{\"question_id\":4,\"model_a\":\"a\",\"model_b\":\"a\",\"winner\":\"tie\"}\n" +
        "not json\n" +
        "{\"question_id\":\"q6\",\"model_a\":\"b\",\"model_b\":\"c\",\"winner\":\"tie (bothbad)\"}\n" +
        "{\"model_a\":\"b\",\"model_b\":\"c\",\"winner\":\"tie\"}";

    internal const string FastChatJsonl =
        "\n{\"model_a\":\"x\",\"model_b\":\"y\",\"winner\":\"model_a\",\"anony\":false,\"turn\":3,\"language\":\"ru\"}\n" +
        "{\"model_a\":\"x\",\"model_b\":\"z\",\"winner\":\"model_b\",\"timestamp_ms\":1234}\n" +
        "{\"model_a\":\"y\",\"model_b\":\"z\",\"winner\":\"tie\",\"conv_metadata\":{\"sum_assistant_a_tokens\":9,\"header_count_a\":2,\"sum_assistant_b_tokens\":4}}\n";

    /// <summary>The pinned inputs: name, content.</summary>
    public static TheoryData<string> Inputs => ["fixture", "fixture+bom", "array", "array+bom", "mixed-jsonl", "mixed-jsonl+bom", "fastchat-jsonl", "fastchat-jsonl-as-arena-hard"];

    internal static (byte[] Content, BattleFormat Format) Input(string name)
    {
        const string Bom = "\uFEFF";
        return name switch
        {
            "fixture" => (File.ReadAllBytes(ArenaFixture.ArenaHardPath), BattleFormat.Auto),
            "fixture+bom" => ([.. Encoding.UTF8.GetBytes(Bom), .. File.ReadAllBytes(ArenaFixture.ArenaHardPath)], BattleFormat.Auto),
            "array" => (Encoding.UTF8.GetBytes(FastChatArray), BattleFormat.Auto),
            "array+bom" => (Encoding.UTF8.GetBytes(Bom + " \r\n\t" + FastChatArray), BattleFormat.Auto),
            "mixed-jsonl" => (Encoding.UTF8.GetBytes(MixedJsonl), BattleFormat.Auto),
            "mixed-jsonl+bom" => (Encoding.UTF8.GetBytes(Bom + MixedJsonl), BattleFormat.Auto),
            "fastchat-jsonl" => (Encoding.UTF8.GetBytes(FastChatJsonl), BattleFormat.Auto),
            "fastchat-jsonl-as-arena-hard" => (Encoding.UTF8.GetBytes(FastChatJsonl), BattleFormat.ArenaHard),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    /// <summary>A digest of everything a reader produced: format, every battle's fields, every problem.</summary>
    internal static string Digest(BattleImport import)
    {
        var text = new StringBuilder().Append(import.Format).Append('\n');
        // Integrity fields came later (migration 0015); unset, they are left out so the digests still pin what 1f0575a read.
        foreach (var b in import.Battles) text.Append(b.ToString().Replace(", Signals = , VoidedAtMs = , VoidReason = ", "", StringComparison.Ordinal)).Append('\n');
        foreach (var p in import.Problems) text.Append(p.Kind).Append(' ').Append(p.IsElementIndex).Append(' ').Append(p).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_in_memory_reader_reads_what_1f0575a_read(string name)
    {
        var (content, format) = Input(name);

        Assert.Equal(Pinned(name), Digest(BattleImporter.Read(content, format)));
    }

    [Fact]
    public async Task Generated_ids_are_the_ones_1f0575a_stored()
    {
        var import = await BattleImporter.ReadFileAsync(ArenaFixture.ArenaHardPath, cancellationToken: TestContext.Current.CancellationToken);

        // afb04be6173d… and 4e3054a896d7… are the SHA-256 of the content (sha256sum); the suffix is the line or element.
        Assert.Equal("ah-afb04be6173d-0000001", import.Battles[0].BattleId);
        Assert.Equal("ah-afb04be6173d-0001348", import.Battles[^1].BattleId);
        var array = BattleImporter.Read(Encoding.UTF8.GetBytes(FastChatArray));
        Assert.Equal(["fc-4e3054a896d7-0000000", "fc-4e3054a896d7-0000006", "kept-id"], array.Battles.Select(b => b.BattleId));
    }

    internal static string Pinned(string name) => name switch
    {
        "fixture" => "d5b3aadcb58d666c",
        "fixture+bom" => "5b9712b57abe6ffd",
        "array" => "bdb4d28d40b52dd0",
        "array+bom" => "a1b0e1b7efe7ef73",
        "mixed-jsonl" => "706f504491d96555",
        "mixed-jsonl+bom" => "1307c06bdf6b4601",
        "fastchat-jsonl" => "a0c8521b0cc44fe5",
        "fastchat-jsonl-as-arena-hard" => "f54d9df775d2312b",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
