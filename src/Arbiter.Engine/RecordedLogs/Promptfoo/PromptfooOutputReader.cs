using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites.Promptfoo;

namespace Arbiter.Engine.RecordedLogs.Promptfoo;

/// <summary>
/// Reads the JSON file <c>promptfoo eval -o out.json</c> writes (promptfoo src/util/output.ts:
/// <c>{evalId, results, config, shareableUrl}</c>; <c>promptfoo export</c> adds <c>metadata</c>). <c>results</c> is an
/// EvaluateSummary (src/types/index.ts): <c>results.results</c> holds one EvaluateResult per test × prompt × provider with
/// <c>testIdx</c>, <c>promptIdx</c>, <c>provider.id</c>, the rendered <c>prompt.raw</c>, <c>response.output</c>,
/// <c>success</c>, <c>score</c>, <c>gradingResult.componentResults</c> (one per assert) and <c>failureReason</c>
/// (0 none, 1 an assert failed, 2 the call failed; only 2 means there is no answer, since promptfoo also writes a failed
/// assert's reason to <c>error</c>). One provider is read per log: the recorded model.
/// </summary>
/// <remarks>
/// The recorded score is the verdict of the asserts Arbiter checks too (equals, contains…, llm-rubric) taken from the
/// component results, so a latency or cost assert promptfoo also failed does not count as a disagreement; each item gets
/// those asserts as its scorer, as the promptfoo config importer gives them.
/// </remarks>
public static class PromptfooOutputReader
{
    /// <summary>True when <paramref name="root"/> looks like promptfoo output (an <c>evalId</c>, or <c>results.results</c> with <c>results.version</c>).</summary>
    public static bool Recognizes(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("results", out var r) && r.ValueKind == JsonValueKind.Object
        && r.TryGetProperty("results", out var list) && list.ValueKind == JsonValueKind.Array
        && (root.TryGetProperty("evalId", out _) || r.TryGetProperty("version", out _));

    /// <summary>Reads the log parsed in <paramref name="root"/> (from <paramref name="bytes"/> of <paramref name="file"/>).</summary>
    /// <param name="root">The parsed file.</param>
    /// <param name="bytes">The file's bytes (its hash identifies a log without an <c>evalId</c>).</param>
    /// <param name="file">The file, for messages.</param>
    /// <param name="model">The provider to read (its id or label); required when the log holds more than one.</param>
    /// <exception cref="LogFormatException">Not promptfoo output, a malformed result, or an ambiguous provider.</exception>
    public static RecordedLog Read(JsonElement root, byte[] bytes, string file, string? model)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!Recognizes(root)) throw new LogFormatException(file, null, "no results.results list: not a promptfoo output file");
        var results = root.GetProperty("results").GetProperty("results");
        var providers = results.EnumerateArray().Select(ProviderOf).Where(p => p is not null).Distinct(StringComparer.Ordinal).ToList();
        var chosen = model is null
            ? providers.Count == 1 ? providers[0] : throw new LogFormatException(file, null, providers.Count == 0
                ? "no result names its provider"
                : $"the log holds {providers.Count} providers ({string.Join(", ", providers)}); choose one (--model, or 'model:' of a replay entry)")
            : providers.FirstOrDefault(p => p == model) ?? results.EnumerateArray().Where(r => LabelOf(r) == model).Select(ProviderOf).FirstOrDefault()
                ?? throw new LogFormatException(file, null, $"provider '{model}' is not in the log; it holds: {string.Join(", ", providers)}");
        var mine = results.EnumerateArray().Select((r, i) => (Result: r, Index: i)).Where(x => ProviderOf(x.Result) == chosen).ToList();
        var multiPrompt = mine.Select(x => Int(x.Result, "promptIdx")).Distinct().Count() > 1;
        var epochs = new Dictionary<string, int>(StringComparer.Ordinal);
        var samples = new List<RecordedSample>();
        foreach (var (result, index) in mine)
        {
            var sample = ParseResult(file, $"results.results[{index}]", result, multiPrompt);
            // promptfoo --repeat writes the same test again: the later copies are further epochs.
            var epoch = epochs[sample.Id] = epochs.TryGetValue(sample.Id, out var e) ? e + 1 : 0;
            samples.Add(sample with { Epoch = epoch });
        }

        var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var timestamp = root.GetProperty("results").TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeMilliseconds() : (long?)null;
        return new RecordedLog("promptfoo-output", file, Text(root, "evalId") ?? Convert.ToHexStringLower(SHA256.HashData(bytes)),
            (config.ValueKind == JsonValueKind.Object ? Text(config, "description") : null) ?? Path.GetFileNameWithoutExtension(file), chosen!, samples)
        {
            Scorer = "promptfoo asserts",
            CreatedAtMs = timestamp,
        };
    }

    private static RecordedSample ParseResult(string file, string entry, JsonElement r, bool multiPrompt)
    {
        LogFormatException Fail(string reason) => new(file, entry, reason);
        if (r.ValueKind != JsonValueKind.Object) throw Fail("a result must be a JSON object");
        var testIdx = Int(r, "testIdx") ?? throw Fail("'testIdx' is missing");
        var id = multiPrompt ? $"{testIdx}-p{Int(r, "promptIdx") ?? 0}" : testIdx.ToString(CultureInfo.InvariantCulture);
        var raw = r.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.Object ? Text(p, "raw") : null;
        if (raw is null) throw Fail("'prompt.raw' (the rendered prompt) is missing");
        var response = r.TryGetProperty("response", out var resp) && resp.ValueKind == JsonValueKind.Object ? resp : default;
        var output = response.ValueKind == JsonValueKind.Object && response.TryGetProperty("output", out var o)
            ? o.ValueKind == JsonValueKind.String ? o.GetString() : o.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : o.GetRawText()
            : null;
        var callFailed = Int(r, "failureReason") == 2 || output is null;
        var test = r.TryGetProperty("testCase", out var tc) && tc.ValueKind == JsonValueKind.Object ? tc : default;
        var asserts = Asserts(file, entry, test);
        var vars = Vars(r);
        List<KeyValuePair<string, string>> options;
        try
        {
            options = PromptfooAsserts.Options(asserts, vars);
        }
        catch (ConfigException ex)
        {
            throw Fail(ex.Reason);
        }

        var gold = options.SkipWhile(x => x.Key != "assert" || x.Value != "equals").Skip(1).FirstOrDefault(x => x.Key == "value").Value;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (test.ValueKind == JsonValueKind.Object && Text(test, "description") is { } description) metadata["description"] = description;
        var usage = response.ValueKind == JsonValueKind.Object && response.TryGetProperty("tokenUsage", out var u) && u.ValueKind == JsonValueKind.Object
            ? new TokenUsage(Int(u, "prompt") ?? 0, Int(u, "completion") ?? 0) : default;
        return new RecordedSample(id, 0, PromptTurns(raw), null, gold is null ? [] : [gold], callFailed ? null : output, callFailed ? null : RecordedVerdict(r))
        {
            // The provider's own error first: the result's 'error' may hold an assert's reason.
            Error = callFailed ? (response.ValueKind == JsonValueKind.Object ? Text(response, "error") : null) ?? Text(r, "error") ?? "no output recorded" : null,
            FinishReason = response.ValueKind == JsonValueKind.Object ? Text(response, "finishReason") : null,
            Usage = usage,
            LatencyMs = r.TryGetProperty("latencyMs", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble() : 0,
            Metadata = metadata,
            Scorer = options.Count == 0 ? null : new ScorerSpec(options.Any(x => x.Key == "rubric") ? Scoring.Rubric.RubricScorer.Kind : "asserts") { Options = options },
        };
    }

    // The verdict of the asserts Arbiter checks; without component results, promptfoo's own pass/fail.
    private static RecordedScore RecordedVerdict(JsonElement r)
    {
        var components = r.TryGetProperty("gradingResult", out var g) && g.ValueKind == JsonValueKind.Object && g.TryGetProperty("componentResults", out var cr) && cr.ValueKind == JsonValueKind.Array
            ? cr.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("assertion", out var a) && a.ValueKind == JsonValueKind.Object
                && Text(a, "type") is { } type && new PromptfooAssert(type, [], "", 0, 0).Supported).ToList()
            : [];
        var reason = g.ValueKind == JsonValueKind.Object ? Text(g, "reason") : null;
        if (components.Count == 0)
        {
            var success = r.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
            return new RecordedScore("promptfoo success", success ? 1 : 0, success ? "pass" : "fail", null, reason);
        }

        var failed = components.Where(c => !(c.TryGetProperty("pass", out var pass) && pass.ValueKind == JsonValueKind.True)).ToList();
        var types = string.Join(", ", components.Select(c => Text(c.GetProperty("assertion"), "type")));
        return new RecordedScore("promptfoo asserts", failed.Count == 0 ? 1 : 0, (failed.Count == 0 ? "pass" : "fail") + $" ({types})", null,
            failed.Count == 0 ? null : Text(failed[0], "reason"));
    }

    private static List<PromptfooAssert> Asserts(string file, string entry, JsonElement test)
    {
        var asserts = new List<PromptfooAssert>();
        if (test.ValueKind != JsonValueKind.Object || !test.TryGetProperty("assert", out var list) || list.ValueKind != JsonValueKind.Array) return asserts;
        foreach (var a in list.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Object || Text(a, "type") is not { } type) continue;
            IReadOnlyList<string>? values = !a.TryGetProperty("value", out var v) || v.ValueKind is JsonValueKind.Null ? []
                : v.ValueKind == JsonValueKind.String ? [v.GetString()!]
                : v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) ? [.. v.EnumerateArray().Select(x => x.GetString()!)]
                : v.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? [v.GetRawText()]
                : null;
            // An object or function value (javascript, python…) is a check Arbiter does not run: the assert is left out.
            if (values is not null) asserts.Add(new PromptfooAssert(type, values, $"{file}: {entry}", 0, 0));
        }

        return asserts;
    }

    private static Dictionary<string, object?> Vars(JsonElement r)
    {
        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!r.TryGetProperty("vars", out var v) || v.ValueKind != JsonValueKind.Object) return vars;
        foreach (var p in v.EnumerateObject()) vars[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
        return vars;
    }

    // promptfoo's chat prompts are a JSON list of messages; anything else is one user turn.
    private static List<ChatTurn> PromptTurns(string raw)
    {
        if (raw.TrimStart().StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(raw);
                var turns = doc.RootElement.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Object && Text(e, "role") is { } role && Text(e, "content") is { } content ? new ChatTurn(role, content) : null)
                    .ToList();
                if (turns.Count > 0 && turns.All(t => t is not null)) return turns!;
            }
            catch (JsonException)
            {
                // Not a message list: the text itself is the prompt.
            }
        }

        return [new ChatTurn("user", raw)];
    }

    private static string? ProviderOf(JsonElement r) =>
        r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("provider", out var p) ? null
        : p.ValueKind == JsonValueKind.String ? p.GetString()
        : p.ValueKind == JsonValueKind.Object ? Text(p, "id") : null;

    private static string? LabelOf(JsonElement r) =>
        r.ValueKind == JsonValueKind.Object && r.TryGetProperty("provider", out var p) && p.ValueKind == JsonValueKind.Object && Text(p, "label") is { Length: > 0 } label ? label : null;

    private static int? Int(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
