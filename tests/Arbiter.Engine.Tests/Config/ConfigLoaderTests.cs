using Arbiter.Engine.Config;

namespace Arbiter.Engine.Tests.Config;

public sealed class ConfigLoaderTests
{
    private static ArbiterConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "arbiter.yaml");

    [Fact]
    public void A_full_model_entry_is_read()
    {
        var cfg = Parse("""
            run:
              concurrency: 32
              timeoutSeconds: 30
              stream: true
            models:
              - id: qwen-local
                provider: openai
                baseUrl: http://127.0.0.1:8000/v1/
                model: Qwen/Qwen2.5-7B-Instruct
                apiKeyEnv: VLLM_API_KEY
                jurisdiction: local
                origin: CN / Alibaba
                pricing: { input: 0.5, output: 1.5, currency: CNY }
                releaseDate: 2024-09-19
                parameters: { temperature: 0, maxTokens: 512, seed: 7 }
            suites: [builtin:science-en]
            """);
        var m = Assert.Single(cfg.Models);
        Assert.Equal("http://127.0.0.1:8000/v1", m.BaseUrl);
        Assert.Equal("VLLM_API_KEY", m.ApiKeyEnv);
        Assert.Equal(0.5m, m.Pricing!.InputPerMillion);
        Assert.Equal("CNY", m.Pricing.Currency);
        Assert.Equal(new DateOnly(2024, 9, 19), m.ReleaseDate);
        Assert.Equal((0.0, 512, 7L), (m.Parameters.Temperature!.Value, m.Parameters.MaxTokens!.Value, m.Parameters.Seed!.Value));
        Assert.Equal(32, m.MaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(30), m.Timeout);
        Assert.True(cfg.Run.Stream);
    }

    [Theory]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x/v1\n    model: m\n    temprature: 1\n", 5, 5, "unknown key 'temprature'")]
    [InlineData("models:\n  - id: a\n    baseUrl: ftp://x\n    model: m\n", 3, 14, "absolute http(s) URL")]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x/v1\n", 2, 5, "missing required key 'model'")]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x\n    model: m\n    pricing: { input: -1, output: 2 }\n", 5, 23, "between 0")]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x\n    model: m\n  - id: a\n    baseUrl: http://y\n    model: n\n", 5, 5, "duplicate model id 'a'")]
    [InlineData("models: [\n", 2, 1, "")]
    [InlineData("run:\n  concurrency: many\nmodels: []\n", 2, 16, "must be a whole number")]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x\n    model: m\naudit:\n  judge: gpt-judge\n", 6, 10, "audit judge 'gpt-judge' is not a model of this file; expected one of: a")]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x\n    model: m\naudit:\n  samples: 0\n", 6, 12, "between 1")]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x\n    model: m\naudit:\n  probes: []\n", 6, 11, "at least one probe set")]
    [InlineData("models:\n  - id: a\n    baseUrl: http://x\n    model: m\naudit:\n  jduge: a\n", 6, 3, "unknown key 'jduge'")]
    public void Errors_carry_line_and_column(string yaml, long line, long column, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"arbiter.yaml:{line}:{column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_pasted_into_apiKeyEnv_is_rejected_without_echoing_it()
    {
        const string secret = "sk-live-4f9a8b7c6d5e4f3a2b1c";
        var ex = Assert.Throws<ConfigException>(() => Parse($"models:\n  - id: a\n    baseUrl: http://x\n    model: m\n    apiKeyEnv: {secret}\n"));
        Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
        Assert.Contains("NAME of an environment variable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_section_sets_judge_sampling_and_probe_files_relative_to_the_config()
    {
        var none = Parse("models:\n  - id: a\n    baseUrl: http://x\n    model: m\n").Audit;
        Assert.Equal(((string?)null, 3, 0.7, "builtin"), (none.Judge, none.Samples, none.Temperature, Assert.Single(none.Probes)));
        var dir = Directory.CreateTempSubdirectory("arbiter-config-audit-").FullName;
        var path = Path.Combine(dir, "arbiter.yaml");
        File.WriteAllText(path, """
            models:
              - id: probed
                baseUrl: http://127.0.0.1:9/v1
                model: m
              - id: grader
                baseUrl: http://127.0.0.1:9/v1
                model: j
            audit:
              judge: grader
              samples: 5
              temperature: 0.9
              probes: [builtin, probes/mine.jsonl]
            """);
        var audit = ConfigLoader.LoadFile(path).Audit;
        Assert.Equal(("grader", 5, 0.9), (audit.Judge, audit.Samples, audit.Temperature));
        Assert.Equal(["builtin", Path.Combine(dir, "probes", "mine.jsonl")], audit.Probes);
    }
}
