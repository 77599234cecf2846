using Arbiter.Engine.Config;

namespace Arbiter.Engine.Tests.Config;

/// <summary><c>run.stream</c>: true, false or auto.</summary>
public sealed class StreamConfigTests
{
    private static RunDefaults Run(string stream) => ConfigLoader.Parse(new StringReader($"""
        run:
          stream: {stream}
        models:
          - id: m
            baseUrl: http://127.0.0.1:1/v1
            model: m
            jurisdiction: local
        """), "arbiter.yaml").Run;

    [Theory]
    [InlineData("true", true, false)]
    [InlineData("false", false, false)]
    [InlineData("auto", true, true)]
    [InlineData("AUTO", true, true)]
    public void Stream_is_true_false_or_auto(string value, bool stream, bool fallback)
    {
        var run = Run(value);

        Assert.Equal((stream, fallback), (run.Stream, run.StreamFallback));
    }

    [Fact]
    public void Anything_else_names_the_key_line_and_the_choices()
    {
        var error = Assert.Throws<ConfigException>(() => Run("sometimes"));

        Assert.Equal(2, error.Line);
        Assert.Contains("'stream' must be true, false or auto", error.Message, StringComparison.Ordinal);
    }
}
