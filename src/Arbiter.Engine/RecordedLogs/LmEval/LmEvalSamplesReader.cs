using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.RecordedLogs.LmEval;

/// <summary>
/// Reads an lm-evaluation-harness <c>--log_samples</c> file, <c>samples_{task}_{date}.jsonl</c>
/// (lm_eval/loggers/evaluation_tracker.py; each line built in lm_eval/evaluator.py): <c>doc_id</c>, <c>doc</c>,
/// <c>target</c> (written as <c>str(target)</c>), <c>arguments</c> (<c>gen_args_i</c> → <c>arg_0</c> the prompt,
/// <c>arg_1</c> the generation settings or a continuation), <c>resps</c>, <c>filtered_resps</c>, <c>filter</c>,
/// <c>metrics</c> and one field per metric. A doc logged once per filter keeps its first line. Generative answers
/// are the raw response (<c>resps</c>), so Arbiter's scorer does its own extraction; a loglikelihood
/// (multiple-choice) doc answers with the letter of its most likely continuation.
/// </summary>
public static partial class LmEvalSamplesReader
{
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "doc_id", "doc", "target", "arguments", "resps", "filtered_resps", "filter", "metrics", "doc_hash", "prompt_hash", "target_hash", "task_name",
    };

    /// <summary>Reads the file; the model defaults to the folder name lm-eval writes under (the sanitized model name).</summary>
    /// <exception cref="LogFormatException">A line is not a logged sample; the message names the line.</exception>
    public static async Task<RecordedLog> ReadAsync(string path, string? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await LogFiles.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);

        var samples = new List<RecordedSample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? metric = null;
        var lineNo = 0;
        using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(bytes));
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var sample = ParseLine(path, lineNo, line, ref metric);
            if (seen.Add(sample.Id)) samples.Add(sample);
        }

        if (samples.Count == 0) throw new LogFormatException(path, null, "no logged samples in the file");
        var name = Path.GetFileName(path);
        var task = FileName().Match(name) is { Success: true } m ? m.Groups[1].Value
            : Path.GetFileNameWithoutExtension(name) is var bare && bare.StartsWith("samples_", StringComparison.Ordinal) ? bare["samples_".Length..] : Path.GetFileNameWithoutExtension(name);
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        return new RecordedLog("lm-eval-samples", path, Convert.ToHexStringLower(SHA256.HashData(bytes)), task, model ?? (string.IsNullOrEmpty(folder) ? "lm-eval" : folder), samples)
        {
            Scorer = metric,
        };
    }

    private static RecordedSample ParseLine(string file, int lineNo, string line, ref string? metric)
    {
        var entry = $"line {lineNo}";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new LogFormatException(file, entry, $"invalid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            LogFormatException Fail(string reason) => new(file, entry, reason);
            if (root.ValueKind != JsonValueKind.Object) throw Fail("a logged sample must be a JSON object");
            var id = root.TryGetProperty("doc_id", out var d) && d.ValueKind is JsonValueKind.Number or JsonValueKind.String
                ? (d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText()) : throw Fail("required field 'doc_id' is missing");
            var args = Arguments(root) ?? throw Fail("field 'arguments' has no gen_args_0.arg_0 prompt");
            if (!root.TryGetProperty("resps", out var resps) || resps.ValueKind != JsonValueKind.Array || resps.GetArrayLength() == 0) throw Fail("field 'resps' must be a non-empty list");
            var target = root.TryGetProperty("target", out var t) ? (t.ValueKind == JsonValueKind.String ? t.GetString()! : t.GetRawText()) : throw Fail("required field 'target' is missing");
            metric ??= MetricName(root);
            var score = metric is not null && root.TryGetProperty(metric, out var v) && v.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                ? new RecordedScore(metric, v.ValueKind == JsonValueKind.Number ? v.GetDouble() : v.ValueKind == JsonValueKind.True ? 1 : 0, v.GetRawText(), FirstText(root, "filtered_resps"), null)
                : null;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("filter", out var f) && f.ValueKind == JsonValueKind.String) metadata["filter"] = f.GetString()!;
            if (root.TryGetProperty("doc", out var docField) && docField.ValueKind == JsonValueKind.Object && docField.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String)
            {
                metadata["subject"] = subject.GetString()!;
            }

            var text = FirstText(root, "resps");
            if (text is not null)
            {
                return new RecordedSample(id, 0, [new ChatTurn("user", args[0].Prompt)], null, [target], text, score) { Metadata = metadata };
            }

            // Loglikelihood: one request per choice, each answered with [log-likelihood, is-greedy].
            var choices = args.Select(a => (a.Continuation ?? "").Trim()).ToList();
            var best = Enumerable.Range(0, resps.GetArrayLength()).MaxBy(i => LogLikelihood(resps[i]) ?? throw Fail($"resps[{i}] is neither text nor [log-likelihood, is-greedy]"));
            var gold = int.TryParse(target, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) && g >= 0 && g < choices.Count ? g : choices.IndexOf(target.Trim());
            return new RecordedSample(id, 0, [new ChatTurn("user", args[0].Prompt)], choices, [gold >= 0 ? Letter(gold) : target], Letter(best), score) { Metadata = metadata };
        }
    }

    private static List<(string Prompt, string? Continuation)>? Arguments(JsonElement root)
    {
        if (!root.TryGetProperty("arguments", out var a)) return null;
        var result = new List<(string, string?)>();
        if (a.ValueKind == JsonValueKind.Object)
        {
            for (var i = 0; a.TryGetProperty($"gen_args_{i}", out var g) && g.ValueKind == JsonValueKind.Object; i++)
            {
                if (!g.TryGetProperty("arg_0", out var p) || p.ValueKind != JsonValueKind.String) return null;
                result.Add((p.GetString()!, g.TryGetProperty("arg_1", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null));
            }
        }
        else if (a.ValueKind == JsonValueKind.Array)
        {
            // The in-memory shape (results JSON "samples"): [[prompt, settings-or-continuation], …].
            foreach (var g in a.EnumerateArray())
            {
                if (g.ValueKind != JsonValueKind.Array || g.GetArrayLength() == 0 || g[0].ValueKind != JsonValueKind.String) return null;
                result.Add((g[0].GetString()!, g.GetArrayLength() > 1 && g[1].ValueKind == JsonValueKind.String ? g[1].GetString() : null));
            }
        }

        return result.Count == 0 ? null : result;
    }

    // The first string in a (possibly nested) list: resps [["text"]] in v0.4, ["text"] once flattened.
    private static string? FirstText(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var e)) return null;
        while (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0) e = e[0];
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    private static double? LogLikelihood(JsonElement resp)
    {
        while (resp.ValueKind == JsonValueKind.Array && resp.GetArrayLength() > 0 && resp[0].ValueKind == JsonValueKind.Array) resp = resp[0];
        if (resp.ValueKind != JsonValueKind.Array || resp.GetArrayLength() == 0) return null;
        var first = resp[0];
        if (first.ValueKind == JsonValueKind.Number) return first.GetDouble();
        return first.ValueKind == JsonValueKind.String && double.TryParse(first.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
    }

    private static string? MetricName(JsonElement root)
    {
        if (root.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Array && m.GetArrayLength() > 0 && m[0].ValueKind == JsonValueKind.String) return m[0].GetString();
        // Older logs have no "metrics" list: the metric is the extra numeric field (exact_match, acc…).
        return root.EnumerateObject().FirstOrDefault(p => !Standard.Contains(p.Name) && p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False).Name;
    }

    private static string Letter(int index) => ((char)('A' + index)).ToString();

    [GeneratedRegex(@"^samples_(.+)_\d{4}-\d{2}-\d{2}T[\d\-.]+\.jsonl$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
