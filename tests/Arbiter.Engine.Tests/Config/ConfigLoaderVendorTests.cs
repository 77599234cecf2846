using Arbiter.Engine.Config;
using Arbiter.Engine.Providers;

namespace Arbiter.Engine.Tests.Config;

/// <summary>
/// Vendor limits checked when <c>arbiter.yaml</c> is read, so a value the vendor refuses fails once at
/// load (or is mapped with a warning) instead of failing every call. Sources:
/// GigaChat REST spec, POST /chat/completions (developers.sber.ru/docs/ru/gigachat/api/reference/rest/post-chat;
/// copy read in Waso-python/Smart_PDF_parser readme_gigachat_api.md): temperature "minimum: 0,
/// exclusiveMinimum: true"; "from 0 to 0.001 temperature and top_p are reset to the most deterministic mode";
/// top_p 0..1 inclusive. Yandex: yandex-cloud/docs en/_includes/foundation-models/yandexgpt/api-parameters.md
/// (temperature 0..1 inclusive, default 0.3) and en/_includes/yandexgpt-limits.md (10 concurrent
/// generations in synchronous mode for YandexGPT Lite and Pro).
/// </summary>
public sealed class ConfigLoaderVendorTests
{
    private static ArbiterConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "arbiter.yaml");

    [Fact]
    public void GigaChat_temperature_zero_is_mapped_to_its_documented_greedy_band_with_a_warning_naming_entry_and_field()
    {
        var cfg = Parse("""
            models:
              - id: giga
                provider: gigachat
                baseUrl: https://gigachat.devices.sberbank.ru/api/v1
                model: GigaChat-Pro
                parameters: { temperature: 0, maxTokens: 64 }
            """);

        var t = cfg.Models[0].Parameters.Temperature!.Value;
        Assert.True(t is > 0 and < 0.001, $"mapped to {t}");
        Assert.Equal(VendorRules.GigaChatGreedyTemperature, t);
        var warning = Assert.Single(cfg.Warnings);
        Assert.StartsWith("arbiter.yaml:6:", warning, StringComparison.Ordinal);
        Assert.Contains("'giga'", warning, StringComparison.Ordinal);
        Assert.Contains("parameters.temperature", warning, StringComparison.Ordinal);
        Assert.Contains("> 0", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_positive_GigaChat_temperature_and_an_openai_zero_are_kept_without_a_warning()
    {
        var cfg = Parse("""
            models:
              - { id: giga, provider: gigachat, baseUrl: http://x, model: GigaChat, parameters: { temperature: 0.3 } }
              - { id: local, baseUrl: http://127.0.0.1:8000/v1, model: m, parameters: { temperature: 0 } }
            """);

        Assert.Equal(0.3, cfg.Models[0].Parameters.Temperature);
        Assert.Equal(0.0, cfg.Models[1].Parameters.Temperature);
        Assert.Empty(cfg.Warnings);
    }

    [Fact]
    public void YandexGPT_temperature_above_one_is_refused_at_the_field_with_the_vendor_range()
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(
            "models:\n  - id: ya\n    provider: yandexgpt\n    baseUrl: https://llm.api.cloud.yandex.net\n    model: yandexgpt\n    folderId: b1g\n    parameters:\n      temperature: 1.2\n"));

        Assert.Equal((8L, 20L), (ex.Line, ex.Column));
        Assert.Contains("'ya'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("parameters.temperature", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_audit_temperature_above_one_is_refused_when_a_YandexGPT_model_would_be_probed()
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(
            "models:\n  - { id: ya, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: b1g }\naudit:\n  temperature: 1.5\n"));

        Assert.Contains("audit.temperature", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'ya'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4L, ex.Line);
    }

    [Theory]
    [InlineData("provider: yandexgpt, baseUrl: http://127.0.0.1:9/x, model: yandexgpt, folderId: b1g", 10)]
    [InlineData("baseUrl: https://llm.api.cloud.yandex.net/v1, model: gpt://b1g/yandexgpt/latest", 10)]
    [InlineData("baseUrl: https://llm.api.cloud.yandex.net/v1, model: gpt://b1g/yandexgpt/latest, maxConcurrency: 3", 3)]
    [InlineData("baseUrl: https://api.openai.com/v1, model: gpt-4o", 16)]
    public void Yandex_endpoints_default_their_concurrency_to_the_synchronous_quota(string fields, int expected)
    {
        var cfg = Parse($"models:\n  - {{ id: a, {fields} }}\n");

        Assert.Equal(expected, cfg.Models[0].MaxConcurrency);
    }

    [Fact]
    public void A_lower_run_concurrency_still_wins_over_the_Yandex_quota()
    {
        var cfg = Parse("run: { concurrency: 4 }\nmodels:\n  - { id: a, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: b1g }\n");

        Assert.Equal(4, cfg.Models[0].MaxConcurrency);
    }

    [Fact]
    public void Data_logging_is_off_unless_opted_in_and_the_opt_in_is_only_for_Yandex_endpoints()
    {
        var cfg = Parse("""
            models:
              - { id: a, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: b1g }
              - { id: b, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: b1g, dataLogging: true }
              - { id: c, baseUrl: https://llm.api.cloud.yandex.net/v1, model: gpt://b1g/yandexgpt/latest, dataLogging: true }
            """);
        Assert.Equal((false, true, true), (cfg.Models[0].DataLogging, cfg.Models[1].DataLogging, cfg.Models[2].DataLogging));

        var ex = Assert.Throws<ConfigException>(() => Parse("models:\n  - { id: a, baseUrl: https://api.openai.com/v1, model: gpt-4o, dataLogging: true }\n"));
        Assert.Contains("dataLogging", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Yandex", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ds://bt1abcdefgh12345")]
    [InlineData("gpt://b1gother/yandexgpt/rc")]
    public void A_full_model_uri_needs_no_folder(string model)
    {
        var cfg = Parse($"models:\n  - {{ id: a, provider: yandexgpt, baseUrl: http://x, model: '{model}' }}\n");

        Assert.Equal(model, Providers.YandexGpt.YandexGptChatClient.BuildModelUri(cfg.Models[0]));
    }

    [Fact]
    public void The_folder_header_is_sent_with_IAM_tokens_and_with_api_keys_only_when_asked()
    {
        var cfg = Parse("""
            models:
              - { id: key, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: b1g }
              - { id: iam, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: b1g, authScheme: bearer }
              - { id: asked, provider: yandexgpt, baseUrl: http://x, model: yandexgpt, folderId: b1g, sendFolderId: true }
            """);

        Assert.Equal([false, true, true], cfg.Models.Select(VendorRules.SendsFolderHeader));
    }
}
