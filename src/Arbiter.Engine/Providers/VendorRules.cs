using System.Globalization;
using Arbiter.Core.Models;

namespace Arbiter.Engine.Providers;

/// <summary>
/// What the GigaChat and Yandex APIs accept, in one place for the config loader and the connectors.
/// Sources: the GigaChat REST spec, <c>POST /chat/completions</c> (temperature: <c>minimum: 0,
/// exclusiveMinimum: true</c>; "from 0 to 0.001, temperature and top_p are reset to the most
/// deterministic mode"); yandex-cloud/docs <c>foundation-models/yandexgpt/api-parameters.md</c>
/// (temperature 0 to 1 inclusive), <c>yandexgpt-limits.md</c> (10 concurrent synchronous generations),
/// <c>operations/disable-logging.md</c> (request data is logged unless <c>x-data-logging-enabled: false</c>)
/// and <c>ai-before-beginning.md</c> (no folder header with a service account's key).
/// </summary>
public static class VendorRules
{
    /// <summary>
    /// What GigaChat gets instead of a temperature of 0, which it refuses with a 422. It lies inside the
    /// band (0 to 0.001) the spec documents as the deterministic mode, whether or not that band's end is
    /// inclusive, so the usual evaluation setting keeps its meaning: greedy decoding.
    /// </summary>
    public const double GigaChatGreedyTemperature = 0.0005;

    /// <summary>The highest temperature YandexGPT accepts.</summary>
    public const double YandexMaxTemperature = 1;

    /// <summary>Concurrent synchronous generations Yandex allows per cloud by default (YandexGPT Lite and Pro).</summary>
    public const int YandexSyncConcurrency = 10;

    /// <summary>The header that stops Yandex from storing request data when it is <c>false</c>.</summary>
    public const string DataLoggingHeader = "x-data-logging-enabled";

    /// <summary>Whether <paramref name="baseUrl"/> is on a Yandex domain (<c>yandex.net</c>, <c>yandexcloud.net</c> or below).</summary>
    public static bool IsYandexHost(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)) return false;
        var host = uri.IdnHost.TrimEnd('.');
        return OnDomain(host, "yandex.net") || OnDomain(host, "yandexcloud.net");
    }

    /// <summary>Whether the model is served by Yandex: the native provider, or an OpenAI-compatible entry on a Yandex host.</summary>
    public static bool IsYandex(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Provider == "yandexgpt" || (model.Provider == "openai" && IsYandexHost(model.BaseUrl));
    }

    /// <summary>Whether requests carry <c>x-data-logging-enabled: false</c>: every Yandex model that has not opted in to logging.</summary>
    public static bool SendsNoLoggingHeader(ModelSpec model) => IsYandex(model) && !model.DataLogging;

    /// <summary>
    /// Whether <c>x-folder-id</c> is sent: with an IAM token (which can reach many folders), or when the
    /// entry asks for it. A service account's API key works in its own folder; naming another one is refused.
    /// </summary>
    public static bool SendsFolderHeader(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.FolderId is not null && (model.SendFolderId ?? model.AuthScheme == "bearer");
    }

    /// <summary>The temperature to send: for GigaChat, 0 (or below) becomes <see cref="GigaChatGreedyTemperature"/>.</summary>
    public static double? Temperature(ModelSpec model, double? temperature)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Provider == "gigachat" && temperature is <= 0 ? GigaChatGreedyTemperature : temperature;
    }

    /// <summary>Why the vendor would refuse <paramref name="temperature"/> for this model, or null when it accepts it (after <see cref="Temperature"/>).</summary>
    public static string? TemperatureProblem(ModelSpec model, double temperature)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Provider == "yandexgpt" && temperature > YandexMaxTemperature
            ? $"YandexGPT accepts a temperature from 0 to 1 inclusive, not {temperature.ToString(CultureInfo.InvariantCulture)}"
            : null;
    }

    /// <summary>The concurrency ceiling when the entry sets none: the run default, capped at the vendor's quota.</summary>
    public static int DefaultConcurrency(ModelSpec model, int runDefault) =>
        IsYandex(model) ? Math.Min(runDefault, YandexSyncConcurrency) : runDefault;

    private static bool OnDomain(string host, string domain) =>
        host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
}
