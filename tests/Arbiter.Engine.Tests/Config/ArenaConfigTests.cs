using Arbiter.Engine.Config;

namespace Arbiter.Engine.Tests.Config;

public sealed class ArenaConfigTests
{
    private const string Models = """
        models:
          - id: a
            baseUrl: http://127.0.0.1:8000/v1
            model: a
          - id: guard
            baseUrl: http://127.0.0.1:8001/v1
            model: guard

        """;

    private static ArbiterConfig Parse(string arena) => ConfigLoader.Parse(new StringReader(Models + arena), "arbiter.yaml");

    [Fact]
    public void The_arena_section_gives_moderation_rules_and_the_notice()
    {
        var cfg = Parse("""
            arena:
              notice: Votes and prompts are published.
              moderation:
                blocklist: [casino, бомба]
                patterns: ['\d{16}']
                model: guard
                onModelFailure: allow
                matchTimeoutMs: 40
            """);

        Assert.Equal(["casino", "бомба"], cfg.Moderation.Blocklist);
        Assert.Equal([@"\d{16}"], cfg.Moderation.Patterns);
        Assert.Equal(("guard", false, TimeSpan.FromMilliseconds(40)), (cfg.Moderation.Model, cfg.Moderation.BlockOnModelFailure, cfg.Moderation.MatchTimeout));
        Assert.Equal("Votes and prompts are published.", cfg.ArenaNotice);
    }

    [Fact]
    public void Without_the_section_nothing_is_moderated()
    {
        var cfg = Parse("");
        Assert.False(cfg.Moderation.IsActive);
        Assert.Null(cfg.ArenaNotice);
    }

    [Theory]
    [InlineData("arena:\n  moderation:\n    patterns: ['ok', '(unclosed']\n", "arbiter.yaml:10:", "'arena.moderation.patterns[1]' is not a valid .NET regular expression")]
    [InlineData("arena:\n  moderation:\n    model: nobody\n", "arbiter.yaml:10:", "'arena.moderation.model' 'nobody' is not a model of this file")]
    [InlineData("arena:\n  moderation:\n    onModelFailure: maybe\n", "arbiter.yaml:10:", "must be block or allow")]
    [InlineData("arena:\n  moderation:\n    blocklist: ['']\n", "arbiter.yaml:10:", "'arena.moderation.blocklist[0]' is empty")]
    [InlineData("arena:\n  moderaton: {}\n", "arbiter.yaml:9:", "moderaton")]
    public void A_bad_arena_setting_is_named_with_its_line(string arena, string location, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(arena));
        Assert.StartsWith(location, ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
