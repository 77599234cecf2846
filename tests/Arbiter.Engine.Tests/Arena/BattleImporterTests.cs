using System.Text;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class BattleImporterTests
{
    private static BattleImport Read(string text, BattleFormat format = BattleFormat.Auto) => BattleImporter.Read(Encoding.UTF8.GetBytes(text), format);

    [Fact]
    public async Task The_arena_hard_file_imports_every_row_as_a_battle()
    {
        var import = await BattleImporter.ReadFileAsync(ArenaFixture.ArenaHardPath, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BattleFormat.ArenaHard, import.Format);
        Assert.Empty(import.Problems);
        Assert.Equal(1_348, import.Battles.Count);
        Assert.Equal(1_348, import.Battles.Select(b => b.BattleId).Distinct().Count());
        Assert.Equal(1_178, import.Battles.Count(b => b.Winner == "model_b"));
        Assert.Equal(147, import.Battles.Count(b => b.Winner == "model_a"));
        Assert.Equal(23, import.Battles.Count(b => b.Winner == "tie"));
        Assert.Equal("0", import.Battles[0].QuestionId);
    }

    [Fact]
    public void Bad_lines_are_reported_with_line_numbers_and_counts_and_valid_lines_kept()
    {
        const string text = """
            {"question_id":1,"model_a":"a","model_b":"b","winner":"model_a"}
            {"question_id":2,"model_a":"a","model_b":"b","winner":"a_much_better"}

            {"question_id":3,"model_a":"a","winner":"tie"}
            {"question_id":4,"model_a":"a","model_b":"a","winner":"tie"}
            not json
            {"question_id":6,"model_a":"b","model_b":"c","winner":"tie (bothbad)"}
            {"model_a":"b","model_b":"c","winner":"tie"}
            """;

        var import = Read(text);

        Assert.Equal(["1", "6"], import.Battles.Select(b => b.QuestionId));
        Assert.Equal(
            ["line 2: unknown winner 'a_much_better' (expected model_a, model_b, tie or tie (bothbad))", "line 4: missing or empty field(s): model_b",
             "line 5: 'a' battles itself", "line 6", "line 8: missing or empty field(s): question_id"],
            import.Problems.Select(p => p.Kind == BattleProblemKind.InvalidJson ? p.ToString()[..6] : p.ToString()));
        Assert.Equal(1, import.ProblemCounts[BattleProblemKind.UnknownWinner]);
        Assert.Equal(2, import.ProblemCounts[BattleProblemKind.MissingField]);
        Assert.Equal(1, import.ProblemCounts[BattleProblemKind.SelfBattle]);
        Assert.Equal(1, import.ProblemCounts[BattleProblemKind.InvalidJson]);
    }

    [Fact]
    public void A_fastchat_array_reads_metadata_and_reports_element_indices()
    {
        const string text = """
            [
              {"model_a":"m1","model_b":"m2","winner":"model_b","judge":"arena_user_7","turn":2,"anony":true,"language":"English",
               "tstamp":1712345678.5,"question_id":"abc","conv_metadata":{"sum_assistant_a_tokens":300,"header_count_a":{"h1":1,"h2":2},
               "list_count_a":{"ordered":3,"unordered":4},"bold_count_a":{"**":5,"__":1},"sum_assistant_b_tokens":40,
               "header_count_b":{"h1":0},"list_count_b":{"ordered":0},"bold_count_b":{"**":0}}},
              {"model_a":"m1","model_b":"m2","winner":"draw"},
              {"model_a":"m1","model_b":"m3","winner":"tie","conversation_a":[{"role":"user","content":"hi"},{"role":"assistant","content":"# T\n- **x**\n```\n# not\n```"}],
               "conversation_b":[{"role":"assistant","content":"plain"}]}
            ]
            """;

        var import = Read(text);

        Assert.Equal(BattleFormat.FastChat, import.Format);
        Assert.Equal("element 1: unknown winner 'draw' (expected model_a, model_b, tie or tie (bothbad))", Assert.Single(import.Problems).ToString());
        var first = import.Battles[0];
        Assert.Equal(("arena_user_7", 2, true, "English", 1712345678500L), (first.Judge, first.Turn, first.Anonymous, first.Language, first.TimestampMs));
        Assert.Equal(new AnswerStyle(300, 3, 7, 6), first.StyleA);
        Assert.Equal(new AnswerStyle(40, 0, 0, 0), first.StyleB);
        Assert.Equal(new AnswerStyle(StyleCounter.ApproximateTokens("# T\n- **x**\n```\n# not\n```\n\n"), 1, 1, 1), import.Battles[1].StyleA);
    }

    [Fact]
    public void A_malformed_array_is_one_located_problem_not_a_crash()
    {
        var import = Read("[\n{\"model_a\":\"a\",\n\"model_b\": }\n]");

        Assert.Empty(import.Battles);
        Assert.Equal(BattleProblemKind.InvalidJson, Assert.Single(import.Problems).Kind);
        Assert.Equal(3, import.Problems[0].Location);
    }

    [Fact]
    public async Task Export_then_import_round_trips_in_both_formats()
    {
        var original = (await BattleImporter.ReadFileAsync(ArenaFixture.ArenaHardPath, cancellationToken: TestContext.Current.CancellationToken)).Battles;
        using var arenaHard = new MemoryStream();
        await BattleExporter.WriteAsync(original.ToAsyncEnumerable(), arenaHard, BattleExportFormat.ArenaHard, TestContext.Current.CancellationToken);
        Assert.Equal(await File.ReadAllBytesAsync(ArenaFixture.ArenaHardPath, TestContext.Current.CancellationToken), arenaHard.ToArray());

        var rich = original.Take(5).Select((b, i) => b with { Judge = "j", Anonymous = true, Language = "ru", TimestampMs = 1000 * i, StyleA = new(1, 2, 3, 4), StyleB = new(5, 6, 7, 8) }).ToList();
        foreach (var format in new[] { BattleExportFormat.FastChatJson, BattleExportFormat.FastChatJsonl })
        {
            using var stream = new MemoryStream();
            await BattleExporter.WriteAsync(rich.ToAsyncEnumerable(), stream, format, TestContext.Current.CancellationToken);
            var back = BattleImporter.Read(stream.ToArray());
            Assert.Empty(back.Problems);
            Assert.Equal(rich, back.Battles);
        }
    }
}
