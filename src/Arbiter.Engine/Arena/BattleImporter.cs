using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// Reads FastChat clean-battle files (JSON array or JSONL) and arena-hard-auto battle JSONL. A bad
/// row becomes a located <see cref="BattleProblem"/>; every valid row is kept. Rows without an id
/// get <c>{fc|ah}-{file hash}-{location}</c>, so re-importing the same file adds nothing while the
/// identical repeated rows of arena-hard's weighting stay distinct battles.
/// </summary>
public static class BattleImporter
{
    private static readonly string[] FastChatOnlyFields = ["anony", "tstamp", "judge", "conv_metadata", "turn", "language", "conversation_a", "battle_id"];

    /// <summary>Reads a file.</summary>
    public static async Task<BattleImport> ReadFileAsync(string path, BattleFormat format = BattleFormat.Auto, CancellationToken cancellationToken = default)
    {
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Read(bytes, format);
    }

    /// <summary>Reads battle file content.</summary>
    public static BattleImport Read(ReadOnlySpan<byte> content, BattleFormat format = BattleFormat.Auto)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        bool isArray = FirstNonSpace(content) == (byte)'[';
        var battles = new List<ArenaBattle>();
        var problems = new List<BattleProblem>();
        if (isArray)
        {
            format = format == BattleFormat.Auto ? BattleFormat.FastChat : format;
            ReadArray(content, format, hash, battles, problems);
            return new BattleImport(format, battles, problems);
        }

        var lines = new List<(long Line, JsonElement? Row, string? Error)>();
        long lineNumber = 0;
        foreach (var memory in SplitLines(content))
        {
            var line = memory.Span;
            lineNumber++;
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line.ToArray());
                lines.Add((lineNumber, doc.RootElement.Clone(), null));
            }
            catch (JsonException ex)
            {
                lines.Add((lineNumber, null, ex.Message));
            }
        }

        if (format == BattleFormat.Auto)
        {
            var first = lines.FirstOrDefault(l => l.Row is { ValueKind: JsonValueKind.Object }).Row;
            format = first is { } row && FastChatOnlyFields.Any(f => row.TryGetProperty(f, out _)) ? BattleFormat.FastChat : BattleFormat.ArenaHard;
        }

        foreach (var (line, row, error) in lines)
        {
            Add(row, error, line, false, format, hash, battles, problems);
        }

        return new BattleImport(format, battles, problems);
    }

    private static void ReadArray(ReadOnlySpan<byte> content, BattleFormat format, string hash, List<ArenaBattle> battles, List<BattleProblem> problems)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            problems.Add(new BattleProblem((ex.LineNumber ?? 0) + 1, BattleProblemKind.InvalidJson, $"the JSON array is malformed: {ex.Message}"));
            return;
        }

        using (doc)
        {
            long index = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                Add(element, null, index++, true, format, hash, battles, problems);
            }
        }
    }

    private static void Add(JsonElement? row, string? error, long location, bool isIndex, BattleFormat format, string hash,
        List<ArenaBattle> battles, List<BattleProblem> problems)
    {
        if (row is not { ValueKind: JsonValueKind.Object } obj)
        {
            problems.Add(new BattleProblem(location, BattleProblemKind.InvalidJson, error is null ? "not a JSON object" : $"not valid JSON: {error}", isIndex));
            return;
        }

        var missing = new List<string>();
        string? a = Text(obj, "model_a", missing), b = Text(obj, "model_b", missing), winner = Text(obj, "winner", missing);
        string? question = Raw(obj, "question_id");
        if (format == BattleFormat.ArenaHard && question is null)
        {
            missing.Add("question_id");
        }

        if (missing.Count > 0)
        {
            problems.Add(new BattleProblem(location, BattleProblemKind.MissingField, $"missing or empty field(s): {string.Join(", ", missing)}", isIndex));
        }
        else if (!BattleWinner.IsKnown(winner))
        {
            problems.Add(new BattleProblem(location, BattleProblemKind.UnknownWinner,
                $"unknown winner '{winner}' (expected model_a, model_b, tie or tie (bothbad))", isIndex));
        }
        else if (string.Equals(a, b, StringComparison.Ordinal))
        {
            problems.Add(new BattleProblem(location, BattleProblemKind.SelfBattle, $"'{a}' battles itself", isIndex));
        }
        else
        {
            string prefix = format == BattleFormat.ArenaHard ? "ah" : "fc";
            string id = Raw(obj, "battle_id") ?? string.Create(CultureInfo.InvariantCulture, $"{prefix}-{hash}-{location:D7}");
            battles.Add(FastChatFields.Read(obj, id, a!, b!, winner!, question));
        }
    }

    private static string? Text(JsonElement obj, string name, List<string> missing)
    {
        if (obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
        {
            return s;
        }

        missing.Add(name);
        return null;
    }

    /// <summary>A string as is, a number as its JSON text; null when absent or null.</summary>
    internal static string? Raw(JsonElement obj, string name) =>
        !obj.TryGetProperty(name, out var v) ? null : v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };

    private static byte FirstNonSpace(ReadOnlySpan<byte> content)
    {
        foreach (byte c in content)
        {
            if (c is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return c;
            }
        }

        return 0;
    }

    private static List<ReadOnlyMemory<byte>> SplitLines(ReadOnlySpan<byte> content)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        byte[] copy = content.ToArray();
        int start = 0;
        for (int i = 0; i <= copy.Length; i++)
        {
            if (i == copy.Length || copy[i] == (byte)'\n')
            {
                if (i < copy.Length || start < copy.Length)
                {
                    result.Add(copy.AsMemory(start, i - start));
                }

                start = i + 1;
            }
        }

        return result;
    }
}
