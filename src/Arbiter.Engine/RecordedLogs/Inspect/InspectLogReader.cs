using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Arbiter.Engine.RecordedLogs.Inspect;

/// <summary>
/// Reads an inspect_ai log into a <see cref="RecordedLog"/>, in either format inspect writes
/// (src/inspect_ai/log/_recorders): <c>.eval</c>, a ZIP archive with <c>header.json</c> (version, status,
/// <c>eval</c> spec, <c>plan</c>, <c>results</c>, <c>stats</c>; absent while a run is still going, when
/// <c>_journal/start.json</c> holds the spec), one <c>samples/{id}_epoch_{n}.json</c> per sample, plus
/// <c>summaries.json</c> and <c>reductions.json</c>, members deflated or zstd-compressed; or <c>.json</c>, one
/// object with the same header fields and a <c>samples</c> list. Everything is parsed before anything is
/// returned, so a damaged log never yields a partial import.
/// </summary>
public static class InspectLogReader
{
    /// <summary>Reads the log at <paramref name="path"/>.</summary>
    /// <exception cref="LogFormatException">The file is not an inspect log or a part of it is malformed; the message names the entry.</exception>
    public static async Task<RecordedLog> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await LogFiles.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);

        return Read(bytes, path);
    }

    /// <summary>Reads a log held in memory; <paramref name="file"/> names it in errors.</summary>
    public static RecordedLog Read(byte[] bytes, string file)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' ? ReadEval(bytes, file) : ReadJson(bytes, file);
    }

    private static RecordedLog ReadEval(byte[] bytes, string file)
    {
        var zip = ZipEntries.Open(bytes, file);
        var headerEntry = zip.Contains("header.json") ? "header.json" : zip.Contains("_journal/start.json") ? "_journal/start.json"
            : throw new LogFormatException(file, null, "neither header.json nor _journal/start.json is in the archive: not an inspect .eval log");
        using var header = Parse(zip.Read(headerEntry), file, headerEntry);
        var head = new Header(file, headerEntry, header.RootElement);
        var samples = new List<RecordedSample>();
        foreach (var name in zip.Names.Where(n => n.StartsWith("samples/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var doc = Parse(zip.Read(name), file, name);
            samples.Add(new InspectSampleParser(file, name, doc.RootElement).Parse(head.PrimaryScorer));
        }

        return head.ToLog("inspect-eval", Order(samples), bytes);
    }

    private static RecordedLog ReadJson(byte[] bytes, string file)
    {
        using var doc = Parse(bytes, file, null);
        var head = new Header(file, null, doc.RootElement);
        var samples = new List<RecordedSample>();
        if (doc.RootElement.TryGetProperty("samples", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var s in list.EnumerateArray())
            {
                samples.Add(new InspectSampleParser(file, $"samples[{i++}]", s).Parse(head.PrimaryScorer));
            }
        }

        return head.ToLog("inspect-json", samples, bytes);
    }

    // Archive order follows completion; file order in a .json log is by id then epoch, which reads better.
    private static List<RecordedSample> Order(List<RecordedSample> samples) =>
        [.. samples.OrderBy(s => long.TryParse(s.Id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(s => s.Id, StringComparer.Ordinal).ThenBy(s => s.Epoch)];

    private static JsonDocument Parse(byte[] json, string file, string? entry)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new LogFormatException(file, entry, $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}", ex);
        }
    }

    /// <summary>The header fields Arbiter uses: task, model, dataset, config, times, status, the primary scorer.</summary>
    private sealed class Header
    {
        private readonly string _file;
        private readonly string? _entry;
        private readonly JsonElement _eval;
        private readonly JsonElement _root;

        public Header(string file, string? entry, JsonElement root)
        {
            _file = file;
            _entry = entry;
            _root = root;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("eval", out _eval) || _eval.ValueKind != JsonValueKind.Object)
            {
                throw new LogFormatException(file, entry, "no 'eval' object: not an inspect log header");
            }

            PrimaryScorer = FirstName(root, "results", "scores") ?? FirstName(_eval, null, "scorers");
        }

        public string? PrimaryScorer { get; }

        public RecordedLog ToLog(string format, IReadOnlyList<RecordedSample> samples, byte[] bytes)
        {
            var task = String(_eval, "task") ?? throw new LogFormatException(_file, _entry, "eval.task is missing");
            var model = String(_eval, "model") ?? throw new LogFormatException(_file, _entry, "eval.model is missing");
            return new RecordedLog(format, _file, String(_eval, "eval_id") ?? Convert.ToHexStringLower(SHA256.HashData(bytes)), task, model, samples)
            {
                TaskVersion = _eval.TryGetProperty("task_version", out var v) && v.ValueKind is JsonValueKind.Number or JsonValueKind.String ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null,
                Dataset = _eval.TryGetProperty("dataset", out var d) && d.ValueKind == JsonValueKind.Object ? String(d, "name") ?? String(d, "location") : null,
                Scorer = PrimaryScorer ?? samples.Select(s => s.Score?.Scorer).FirstOrDefault(s => s is not null),
                CreatedAtMs = InspectTime.ParseMs(String(_eval, "created")),
                CompletedAtMs = _root.TryGetProperty("stats", out var st) && st.ValueKind == JsonValueKind.Object ? InspectTime.ParseMs(String(st, "completed_at")) : null,
                Status = String(_root, "status"),
                GenerateConfigJson = GenerateConfig(),
            };
        }

        // model_generate_config plus the plan's config: temperature, max_tokens… (model_args may hold keys: never copied).
        private string GenerateConfig()
        {
            var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (_root.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Object && plan.TryGetProperty("config", out var pc) && pc.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in pc.EnumerateObject()) merged[p.Name] = p.Value;
            }

            if (_eval.TryGetProperty("model_generate_config", out var g) && g.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in g.EnumerateObject()) merged[p.Name] = p.Value;
            }

            return JsonSerializer.Serialize(merged);
        }

        private static string? FirstName(JsonElement root, string? parent, string list)
        {
            if (parent is not null && (!root.TryGetProperty(parent, out root) || root.ValueKind != JsonValueKind.Object)) return null;
            if (!root.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0) return null;
            return String(items[0], "name");
        }

        private static string? String(JsonElement o, string name) =>
            o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}

/// <summary>inspect's timestamps: ISO 8601 with an offset (<c>2025-12-19T12:37:50+00:00</c>).</summary>
internal static class InspectTime
{
    public static long? ParseMs(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeMilliseconds() : null;
}
