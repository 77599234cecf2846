using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Core.Models;
using Arbiter.Core.Suites;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Runner;

/// <summary>Hashes that identify runs (for resume) and responses (for the cache).</summary>
public static class RunKeys
{
    /// <summary>
    /// Cache key: provider, base URL, model, parameters, messages and epoch. Two runs that would
    /// send byte-identical requests share answers; anything that changes the request changes the key.
    /// </summary>
    public static string CacheKey(ModelSpec model, GenerationParameters parameters, IReadOnlyList<ChatTurn> messages, int epoch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(messages);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStringValue(model.Provider);
            w.WriteStringValue(model.BaseUrl);
            w.WriteStringValue(model.Model);
            WriteParameters(w, parameters);
            w.WriteNumberValue(epoch);
            foreach (var m in messages)
            {
                w.WriteStringValue(m.Role);
                w.WriteStringValue(m.Content);
                // Tool calls and results change the request; turns without them keep the keys they always had.
                if (m.IsToolTurn) w.WriteStringValue(ToolPart(m));
            }

            // Extra body fields change the request; absent, the key is what it always was.
            if (model.ExtraBodyJson is { } extra) w.WriteStringValue("\u0001extraBody:" + extra);
            w.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>
    /// Run identity: the same suite content, model endpoint, parameters and epochs give the same
    /// run id, so re-running a spec resumes it instead of starting over. When <paramref name="policy"/>
    /// blocks some items for this model, their ids join the hash: a run whose blocked set changes
    /// (policy or jurisdiction changed) is a different run, so a blocked sample is never "resumed"
    /// as done once sending is allowed. Likewise the configured model id (two entries may name the same
    /// endpoint and model, and each gets its own run) and the streaming mode (a streamed run records time
    /// to first token, so it is not the same measurement). Each joins the hash only when it differs from the
    /// old implicit value (id equal to the model name, streaming off), so such runs keep the hash they always had.
    /// </summary>
    public static string SpecHash(Suite suite, IReadOnlyList<SuiteItem> items, ModelSpec model, GenerationParameters parameters, int epochs, ResidencyPolicy? policy = null,
        StreamMode stream = StreamMode.Off)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(model);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStringValue(suite.Id);
            w.WriteStringValue(suite.Version);
            w.WriteStringValue(model.Provider);
            w.WriteStringValue(model.BaseUrl);
            w.WriteStringValue(model.Model);
            WriteParameters(w, parameters);
            w.WriteNumberValue(epochs);
            w.WriteNumberValue(items.Count);
            w.WriteEndArray();
        }

        hash.AppendData(buffer.WrittenSpan);
        foreach (var item in items)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(item.Id));
            foreach (var m in PromptRenderer.Render(suite, item))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(m.Content));
                if (m.IsToolTurn) hash.AppendData(Encoding.UTF8.GetBytes(ToolPart(m)));
            }

            hash.AppendData(Encoding.UTF8.GetBytes(item.Target ?? "\0"));
        }

        if (policy is not null)
        {
            foreach (var item in items)
            {
                if (!policy.Evaluate(ResidencyPolicy.EffectiveConfidentiality(suite, item), model.Jurisdiction).Allowed)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes("\u0001blocked:" + item.Id));
                }
            }
        }

        if (!string.Equals(model.Id, model.Model, StringComparison.Ordinal)) hash.AppendData(Encoding.UTF8.GetBytes("\u0001id:" + model.Id));
        if (stream != StreamMode.Off) hash.AppendData(Encoding.UTF8.GetBytes("\u0001stream:" + (stream == StreamMode.Auto ? "auto" : "on")));
        if (model.ExtraBodyJson is { } extra) hash.AppendData(Encoding.UTF8.GetBytes("\u0001extraBody:" + extra));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The mode as written in a config file and in a run's configuration: <c>false</c>, <c>true</c> or <c>auto</c>.</summary>
    public static string StreamModeName(StreamMode mode) => mode switch
    {
        StreamMode.On => "true",
        StreamMode.Auto => "auto",
        _ => "false",
    };

    /// <summary>The streaming mode a stored run was made with (from its configuration JSON; off when it does not say).</summary>
    public static StreamMode StreamModeOf(string configJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(configJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return StreamMode.Off;
            if (root.TryGetProperty("streamMode", out var mode) && mode.ValueKind == JsonValueKind.String)
            {
                return mode.GetString() switch { "auto" => StreamMode.Auto, "true" => StreamMode.On, _ => StreamMode.Off };
            }

            // Runs stored before streamMode existed say only "stream": true|false.
            return root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True ? StreamMode.On : StreamMode.Off;
        }
        catch (JsonException)
        {
            return StreamMode.Off;
        }
    }

    /// <summary>
    /// The parameters a suite's requests are sent with: the model's, with the suite's stop sequences added after the
    /// model's own, at most four (OpenAI's Chat Completions <c>stop</c>: "Up to 4 sequences where the API will stop
    /// generating further tokens", openai/openai-openapi CreateChatCompletionRequest). Stops past the fourth are still
    /// applied by the scorer, which cuts the answer at the first stop string.
    /// </summary>
    public static GenerationParameters ParametersFor(ModelSpec model, Suite suite)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(suite);
        if (suite.Stop is not { Count: > 0 } stop) return model.Parameters;
        return model.Parameters with { Stop = [.. (model.Parameters.Stop ?? []).Concat(stop).Distinct(StringComparer.Ordinal).Take(MaxStops)] };
    }

    /// <summary>Most stop sequences an OpenAI-compatible request carries.</summary>
    public const int MaxStops = 4;

    /// <summary>Run id derived from a spec hash.</summary>
    public static string RunId(string specHash) => "r" + specHash[..12];

    /// <summary>
    /// The parameters for one epoch: epochs after the first get distinct seeds (base seed + epoch)
    /// so that sampling endpoints can differ between epochs while staying reproducible.
    /// </summary>
    public static GenerationParameters ForEpoch(GenerationParameters parameters, int epoch)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (epoch == 0) return parameters;
        return parameters with { Seed = (parameters.Seed ?? 0) + epoch };
    }

    /// <summary>A tool turn's call id, or its calls (id, name, arguments), as one string for the hashes.</summary>
    private static string ToolPart(ChatTurn m) =>
        "\u0001tool:" + (m.ToolCallId ?? "") + string.Concat((m.ToolCalls ?? []).Select(c => $"\u0001{c.Id}\u0002{c.Name}\u0002{c.Arguments}"));

    private static void WriteParameters(Utf8JsonWriter w, GenerationParameters p)
    {
        w.WriteStringValue(string.Create(CultureInfo.InvariantCulture,
            $"t={p.Temperature};p={p.TopP};m={p.MaxTokens};s={p.Seed};stop={string.Join('\u0001', p.Stop ?? [])}"));
    }
}
