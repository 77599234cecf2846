using System.Text;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

/// <summary>The compact reader of <c>leaderboard --battles</c> against the record reader it replaced: same boards, same problems.</summary>
public sealed class BattleTableReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbiter-table-").FullName;

    // Clean rows (fast path) mixed with every kind the fast path hands to the importer.
    private static readonly string[] Rows =
    [
        """{"model_a":"alpha","model_b":"beta","winner":"model_a","language":"English","anony":true,"judge":"u1","conv_metadata":{"sum_assistant_a_tokens":120,"sum_assistant_b_tokens":80,"header_count_a":{"h1":1,"h2":2},"header_count_b":{"h1":0},"list_count_a":{"ordered":1,"unordered":3},"list_count_b":2,"bold_count_a":{"**":1,"__":0},"bold_count_b":{"**":4}}}""",
        """{"model_a":"beta","model_b":"gamma","winner":"tie","language":"english","anony":1,"judge":7,"conv_metadata":{"sum_assistant_a_tokens":50,"sum_assistant_b_tokens":70}}""",
        """{"model_a":"gamma","model_b":"alpha","winner":"model_b","language":"Russian","anony":false}""",
        """{"model_a":"alpha","model_b":"gamma","winner":"tie (bothbad)","anony":true,"flagged":true,"language":"English"}""",
        """{"model_a":"d\u00e9lta","model_b":"alpha","winner":"model\u005fa","language":"English","anony":true}""",
        """{"model_a":"délta","model_b":"beta","winner":"model_b","anonymous":true,"language":"English","conversation_a":[{"role":"user","content":"hi"},{"role":"assistant","content":"# Title\n- one\n- two **bold**"}],"conversation_b":[{"role":"assistant","content":"plain answer"}]}""",
        "",
        """{"model_a":"alpha","model_b":"beta","winner":"model_c"}""",
        """{"model_a":"alpha","model_b":"alpha","winner":"tie"}""",
        """{"model_a":"alpha","winner":"tie"}""",
        """{"model_a":"alpha","model_b":"beta","winner":"tie"} trailing""",
        """not json""",
        """{"model_a":"beta","model_b":"alpha","winner":"model_a","model_a":"gamma","language":"English","anony":true}""",
        """{"model_a":"beta","model_b":"gamma","winner":"model_b","language":"English","anony":true,"judge":"u1","conv_metadata":null}""",
        """{"model_a":"gamma","model_b":"beta","winner":"model_a","language":"English","anony":true,"nested":{"model_a":"x","deep":[1,{"a":[]}]},"conv_metadata":{"sum_assistant_a_tokens":9,"sum_assistant_b_tokens":3.5}}""",
        """[1, 2]""",
        """{"model\u005fa":"gamma","model_b":"alpha","winn\u0065r":"model_b","language":"English","anony":true,"conv_metadata":{"sum_assistant_a_tokens":5,"sum_assistant_b_tokens":6}}""",
        """{"model_a":"alpha","model_b":"beta","winner":"model_b","language":"English","anony":true,"judge":"u1","conv_metadata":{"sum_assistant_a_tokens":10,"sum_assistant_b_tokens":30,"header_count_a":[1]}}""",
    ];

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var filter in new[] { "all", "english", "anonymous", "judge", "no-ties" })
        {
            data.Add(filter, false);
            data.Add(filter, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_table_reader_gives_the_record_reader_board_and_problems(string filterName, bool styleControl)
    {
        var filter = filterName switch
        {
            "english" => new BattleFilter(Language: "ENGLISH"),
            "anonymous" => new BattleFilter(AnonymousOnly: true),
            "judge" => new BattleFilter(Judge: "u1"),
            "no-ties" => new BattleFilter(ExcludeTies: true),
            _ => BattleFilter.All,
        };
        foreach (var (name, content) in new[] { ("rows.jsonl", string.Join('\n', Rows)), ("rows.json", "\uFEFF[" + string.Join(",\n", Rows.Where(r => r.StartsWith('{') && !r.EndsWith("trailing", StringComparison.Ordinal))) + ",\n]") })
        {
            var path = Path.Combine(_dir, name);
            await File.WriteAllTextAsync(path, content, new UTF8Encoding(false), TestContext.Current.CancellationToken);
            var options = new ArenaLeaderboardOptions { StyleControl = styleControl, Rounds = 20 };

            var oldProblems = new List<BattleProblem>();
            var file = await BattleFile.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);
            var records = await file.ReadAsync(oldProblems.Add, TestContext.Current.CancellationToken).Where(filter.Matches).ToListAsync(TestContext.Current.CancellationToken);
            var newProblems = new List<BattleProblem>();
            var table = await BattleTableReader.ReadAsync(path, filter, styleControl, newProblems.Add, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(oldProblems, newProblems);
            Assert.Equal(records.Count, table.Count);
            AssertSameBoard(ArenaLeaderboard.Compute(records, options), ArenaLeaderboard.Compute(table, options));
        }
    }

    [Theory]
    [InlineData(IntervalMethod.Bootstrap)]
    [InlineData(IntervalMethod.Sandwich)]
    public async Task The_arena_hard_file_gives_the_same_board_both_ways(IntervalMethod intervals)
    {
        var options = new ArenaLeaderboardOptions { Intervals = intervals };
        var import = await BattleImporter.ReadFileAsync(ArenaFixture.ArenaHardPath, cancellationToken: TestContext.Current.CancellationToken);
        var table = await BattleTableReader.ReadAsync(ArenaFixture.ArenaHardPath, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1_348, table.Count);
        AssertSameBoard(ArenaLeaderboard.Compute(import.Battles, options), ArenaLeaderboard.Compute(table, options));
    }

    private static void AssertSameBoard(ArenaLeaderboardResult expected, ArenaLeaderboardResult actual)
    {
        // Bit for bit: the statistics see the same battles in the same order.
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.StyleControlled, actual.StyleControlled);
        Assert.Equal(expected.StyleCoefficients?.Select(c => (c.Name, c.Value)), actual.StyleCoefficients?.Select(c => (c.Name, c.Value)));
        Assert.Equal(expected.BattleCount, actual.BattleCount);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(expected.Fit.Ratings, actual.Fit.Ratings);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
