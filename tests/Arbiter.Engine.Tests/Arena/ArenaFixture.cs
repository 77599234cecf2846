namespace Arbiter.Engine.Tests.Arena;

internal static class ArenaFixture
{
    public static string ArenaHardPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Arena", "arena_hard_battles_57a9881.jsonl");

    public const string Haiku = "claude-3-haiku-20240307";
}
