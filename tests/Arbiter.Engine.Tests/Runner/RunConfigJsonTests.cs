using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Suites;
using Arbiter.Engine.Runner;

namespace Arbiter.Engine.Tests.Runner;

/// <summary>
/// A run's configuration JSON is written field by field (no reflection at start-up); it must stay byte for byte what
/// the serializer made of the same shape before, so stored runs and new ones read alike.
/// </summary>
public sealed class RunConfigJsonTests
{
    private static readonly Suite Plain = new("s1", "2", "maths", "en", Confidentiality.Public, new ScorerSpec("numeric"), []);

    public static TheoryData<ModelSpec, Suite, RunOptions, ModelSpec?> Cases()
    {
        var bare = new ModelSpec("m", "openai", "http://127.0.0.1:1/v1", "m", null, "local", null, null, null, GenerationParameters.Default);
        var full = new ModelSpec("gpt <x> & 'y'", "openai", "https://api.example/v1?a=1&b=2", "gpt-4o+", "OPENAI_KEY", "us", "Ünïcode 中文",
            new Pricing(2.5m, 10.125m, "USD"), new DateOnly(2025, 3, 9),
            new GenerationParameters(0.7, 0.95, 512, 1234567890123, ["\n\n", "</s>", "Вопрос:"]));
        var titled = Plain with { Title = "Maths \"quoted\" <b>", Source = "https://hf.co/x?y=1&z=2", Confidentiality = Confidentiality.Confidential };
        return new()
        {
            { bare, Plain, new RunOptions(), null },
            { full, titled, new RunOptions(Stream: true) { StreamFallback = true }, bare with { Id = "judge-1" } },
            { full with { Parameters = new GenerationParameters(Temperature: 0, Stop: []) }, titled, new RunOptions(Stream: true), null },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_config_is_what_the_serializer_made_of_the_same_fields(ModelSpec model, Suite suite, RunOptions options, ModelSpec? judge)
    {
        var config = new Dictionary<string, object?>
        {
            ["model"] = new { model.Id, model.Provider, model.BaseUrl, model.Model, model.ApiKeyEnv, model.Jurisdiction, model.Origin, model.ReleaseDate, model.Parameters },
            ["pricing"] = model.Pricing,
            ["suite"] = new { suite.Id, suite.Version, suite.Title, suite.Domain, suite.Language, Confidentiality = suite.Confidentiality.ToString(), suite.Source },
            ["stream"] = options.Stream,
            ["streamMode"] = RunKeys.StreamModeName(options.StreamMode),
        };
        if (judge is not null) config[RubricJudging.ConfigKey] = judge.Id;

        var written = RunPlan.DescribeConfig(model, suite, options, judge);

        Assert.Equal(JsonSerializer.Serialize(config), written);
        Assert.Equal(options.StreamMode, RunKeys.StreamModeOf(written));
        Assert.Equal(judge?.Id, RubricJudging.StoredJudge(written));
    }
}
