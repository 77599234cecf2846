using System.Text.Json;
using Arbiter.Statistics.Arena;

namespace Arbiter.Statistics.Tests.Fixtures;

/// <summary>Reads the copied reference data files from the test output folder.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static IEnumerable<JsonElement> ReadJsonLines(string name)
    {
        foreach (string line in File.ReadLines(PathOf(name)))
        {
            if (line.Length > 0)
            {
                using JsonDocument document = JsonDocument.Parse(line);
                yield return document.RootElement.Clone();
            }
        }
    }

    /// <summary>The arena-hard battles; winner spellings as in FastChat / arena-hard-auto.</summary>
    public static List<Battle> ArenaHardBattles()
    {
        var battles = new List<Battle>();
        foreach (JsonElement row in ReadJsonLines("arena_hard_battles_57a9881.jsonl"))
        {
            BattleOutcome outcome = row.GetProperty("winner").GetString() switch
            {
                "model_a" => BattleOutcome.AWins,
                "model_b" => BattleOutcome.BWins,
                "tie" => BattleOutcome.Tie,
                "tie (bothbad)" => BattleOutcome.TieBothBad,
                var other => throw new InvalidDataException($"Unknown winner '{other}'."),
            };
            battles.Add(new Battle(row.GetProperty("model_a").GetString()!, row.GetProperty("model_b").GetString()!, outcome));
        }

        return battles;
    }
}
