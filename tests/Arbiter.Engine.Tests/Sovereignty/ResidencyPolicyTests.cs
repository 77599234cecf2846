using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Sovereignty;

namespace Arbiter.Engine.Tests.Sovereignty;

public sealed class ResidencyPolicyTests
{
    private static ArbiterConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "arbiter.yaml");

    [Theory]
    [InlineData(Confidentiality.Confidential, "local", true)]
    [InlineData(Confidentiality.Confidential, "RU", false)]
    [InlineData(Confidentiality.Internal, "local", true)]
    [InlineData(Confidentiality.Internal, "ru", true)]
    [InlineData(Confidentiality.Internal, "CN", false)]
    [InlineData(Confidentiality.Public, "US", true)]
    [InlineData(Confidentiality.Public, "unknown", true)]
    public void The_safe_default_keeps_confidential_local_and_internal_at_home(Confidentiality level, string jurisdiction, bool allowed)
    {
        var decision = ResidencyPolicy.WithHome("RU").Evaluate(level, jurisdiction);
        Assert.Equal(allowed, decision.Allowed);
        Assert.Contains($"policy.allow.{ResidencyPolicy.Name(level)}", decision.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_home_internal_data_stays_local()
    {
        Assert.False(ResidencyPolicy.Default.Evaluate(Confidentiality.Internal, "RU").Allowed);
        Assert.Equal("policy.allow.confidential [local] forbids jurisdiction 'US'", ResidencyPolicy.Default.Evaluate(Confidentiality.Confidential, "US").Rule);
    }

    [Theory]
    [InlineData(Confidentiality.Public, "confidential", Confidentiality.Confidential)]
    [InlineData(Confidentiality.Public, "Internal", Confidentiality.Internal)]
    [InlineData(Confidentiality.Confidential, "public", Confidentiality.Confidential)]
    [InlineData(Confidentiality.Public, "secret-ish", Confidentiality.Confidential)]
    public void An_item_can_raise_but_never_lower_its_suites_level(Confidentiality suiteLevel, string itemLevel, Confidentiality expected)
    {
        var item = new SuiteItem("i", [new ChatTurn("user", "q")], null, "a", null, new Dictionary<string, string> { ["confidentiality"] = itemLevel });
        var suite = new Suite("s", "1", "d", "en", suiteLevel, ScorerSpec.Auto, [item]);
        Assert.Equal(expected, ResidencyPolicy.EffectiveConfidentiality(suite, item));
    }

    [Fact]
    public void A_policy_section_sets_home_and_overrides_levels()
    {
        var cfg = Parse("""
            policy:
              home: RU
              allow:
                internal: [local, home, KZ]
                public: [local, home]
            models:
              - { id: a, baseUrl: "https://kz.example/v1", model: m, jurisdiction: KZ }
            """);
        Assert.Equal("RU", cfg.Policy.Home);
        Assert.True(cfg.Policy.Evaluate(Confidentiality.Internal, "KZ").Allowed);
        Assert.False(cfg.Policy.Evaluate(Confidentiality.Public, "US").Allowed);
        Assert.False(cfg.Policy.Evaluate(Confidentiality.Confidential, "RU").Allowed);
    }

    [Fact]
    public void Without_a_policy_section_the_safe_default_applies() =>
        Assert.Same(ResidencyPolicy.Default, Parse("models:\n  - { id: a, baseUrl: http://127.0.0.1:1/v1, model: m }\n").Policy);

    [Theory]
    [InlineData("http://127.0.0.1:8000/v1", "local")]
    [InlineData("http://localhost:8000/v1", "local")]
    [InlineData("https://api.example.com/v1", "unknown")]
    public void A_missing_jurisdiction_is_local_only_for_loopback(string url, string expected) =>
        Assert.Equal(expected, Parse($"models:\n  - {{ id: a, baseUrl: \"{url}\", model: m }}\n").Models[0].Jurisdiction);

    private const string OneModel = "models:\n  - { id: a, baseUrl: http://127.0.0.1:1/v1, model: m }\n";

    [Theory]
    [InlineData("policy:\n  allow:\n    internal: [local, home]\n" + OneModel, "home]")]
    [InlineData("policy:\n  home: Russia!\n" + OneModel, "Russia!")]
    [InlineData("policy:\n  allow:\n    secret: [local]\n" + OneModel, "secret")]
    [InlineData("policy:\n  allow:\n    public: local\n" + OneModel, "local\n")]
    [InlineData("models:\n  - { id: a, baseUrl: http://x, model: m, jurisdiction: 'R U' }\n", "'R U'")]
    [InlineData("models:\n  - { id: a, baseUrl: http://x, model: m, scope: GIGACHAT_API_PERS }\n", "GIGACHAT_API_PERS")]
    [InlineData("models:\n  - { id: a, provider: gigachat, baseUrl: http://x, model: m, scope: PERS }\n", "PERS }")]
    [InlineData("models:\n  - { id: a, provider: gigachat, baseUrl: http://x, model: m, authUrl: 'oauth' }\n", "'oauth'")]
    [InlineData("models:\n  - { id: a, provider: gigachat, baseUrl: http://x, model: m, caCertFile: missing.crt }\n", "missing.crt")]
    [InlineData("models:\n  - { id: a, provider: yandexgpt, baseUrl: http://x, model: yandexgpt }\n", "yandexgpt }")]
    [InlineData("models:\n  - { id: a, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: f, authScheme: oauth }\n", "oauth }")]
    public void Policy_and_connector_errors_point_at_the_bad_value(string yaml, string at)
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(yaml));
        var lines = yaml.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(at.TrimEnd('\n'), StringComparison.Ordinal));
        Assert.Equal((line + 1L, lines[line].IndexOf(at.TrimEnd('\n'), StringComparison.Ordinal) + 1L), (ex.Line, ex.Column));
    }

    [Fact]
    public void GigaChat_and_YandexGPT_fields_are_read()
    {
        var cfg = Parse("""
            models:
              - id: giga
                provider: gigachat
                baseUrl: https://gigachat.devices.sberbank.ru/api/v1
                authUrl: https://ngw.devices.sberbank.ru:9443/api/v2/oauth
                scope: GIGACHAT_API_CORP
                model: GigaChat-Pro
                apiKeyEnv: GIGACHAT_AUTH_KEY
                jurisdiction: RU
              - id: yagpt
                provider: yandexgpt
                baseUrl: https://llm.api.cloud.yandex.net
                model: yandexgpt/rc
                folderId: b1g0example
                authScheme: bearer
                apiKeyEnv: YC_IAM_TOKEN
                jurisdiction: RU
            """);
        Assert.Equal(("GIGACHAT_API_CORP", "https://ngw.devices.sberbank.ru:9443/api/v2/oauth"), (cfg.Models[0].Scope, cfg.Models[0].AuthUrl));
        Assert.Equal(("b1g0example", "bearer"), (cfg.Models[1].FolderId, cfg.Models[1].AuthScheme));
        Assert.Equal("gpt://b1g0example/yandexgpt/rc", Arbiter.Engine.Providers.YandexGpt.YandexGptChatClient.BuildModelUri(cfg.Models[1]));
    }
}
