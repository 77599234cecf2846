using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>
/// Reads FastChat clean-battle files (JSON array or JSONL) and arena-hard-auto battle JSONL. A bad
/// row becomes a located <see cref="BattleProblem"/>; every valid row is kept. Rows without an id
/// get <c>{fc|ah}-{file hash}-{location}</c>, so re-importing the same file adds nothing while the
/// identical repeated rows of arena-hard's weighting stay distinct battles. Files are read through
/// <see cref="BattleFile"/>, which streams; the methods here collect its rows into one list.
/// </summary>
public static class BattleImporter
{
    private static readonly string[] FastChatOnlyFields = ["anony", "tstamp", "judge", "conv_metadata", "turn", "language", "conversation_a", "battle_id"];

    /// <summary>Reads every battle of a file into one list (streamed from disk); for large files consume <see cref="BattleFile.ReadAsync"/> instead.</summary>
    public static Task<BattleImport> ReadFileAsync(string path, BattleFormat format = BattleFormat.Auto, CancellationToken cancellationToken = default) =>
        CollectAsync(BattleFile.OpenAsync(path, format, cancellationToken), cancellationToken);

    /// <summary>Reads battle file content.</summary>
    public static BattleImport Read(ReadOnlySpan<byte> content, BattleFormat format = BattleFormat.Auto)
    {
        byte[] bytes = content.ToArray();
        // The same streaming path as files; a MemoryStream completes every read synchronously, so this waits on nothing.
        return CollectAsync(BattleFile.OpenAsync(() => new MemoryStream(bytes, writable: false), format, CancellationToken.None), CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    private static async Task<BattleImport> CollectAsync(Task<BattleFile> opening, CancellationToken cancellationToken)
    {
        var file = await opening.ConfigureAwait(false);
        var battles = new List<ArenaBattle>();
        var problems = new List<BattleProblem>();
        await foreach (var battle in file.ReadAsync(problems.Add, cancellationToken).ConfigureAwait(false))
        {
            battles.Add(battle);
        }

        return new BattleImport(file.Format, battles, problems);
    }

    /// <summary>The format a JSONL row decides, or null when the row is not a JSON object (the next one decides).</summary>
    internal static BattleFormat? FirstObjectFormat(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            // arena-hard rows carry a question_id; rows with only model_a, model_b and winner (what FastChat's tools and most
            // scripts write) are FastChat rows with no optional fields, and were skipped whole as arena-hard rows.
            var row = doc.RootElement;
            return row.ValueKind != JsonValueKind.Object ? null
                : FastChatOnlyFields.Any(f => row.TryGetProperty(f, out _)) || !row.TryGetProperty("question_id", out _) ? BattleFormat.FastChat : BattleFormat.ArenaHard;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One row as a battle, or null after reporting why it is skipped.</summary>
    internal static ArenaBattle? ReadRow(JsonRow row, bool isIndex, BattleFormat format, string hash, Action<BattleProblem> onProblem)
    {
        JsonDocument doc;
        try
        {
            // Array elements were parsed as part of one document that allowed trailing commas; lines never did.
            doc = JsonDocument.Parse(row.Json, new JsonDocumentOptions { AllowTrailingCommas = isIndex });
        }
        catch (JsonException ex)
        {
            onProblem(new BattleProblem(row.Location, BattleProblemKind.InvalidJson, $"not valid JSON: {ex.Message}", isIndex));
            return null;
        }

        using (doc)
        {
            return Validate(doc.RootElement, row.Location, isIndex, format, hash, onProblem);
        }
    }

    internal static ArenaBattle? Validate(JsonElement obj, long location, bool isIndex, BattleFormat format, string hash, Action<BattleProblem> onProblem)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            onProblem(new BattleProblem(location, BattleProblemKind.InvalidJson, "not a JSON object", isIndex));
            return null;
        }

        var missing = new List<string>();
        string? a = Text(obj, "model_a", missing), b = Text(obj, "model_b", missing), winner = Text(obj, "winner", missing);
        string? question = Raw(obj, "question_id");
        if (format == BattleFormat.ArenaHard && question is null)
        {
            missing.Add("question_id");
        }

        BattleProblem? problem = missing.Count > 0
            ? new BattleProblem(location, BattleProblemKind.MissingField, $"missing or empty field(s): {string.Join(", ", missing)}", isIndex)
            : !BattleWinner.IsKnown(winner)
                ? new BattleProblem(location, BattleProblemKind.UnknownWinner, $"unknown winner '{winner}' (expected model_a, model_b, tie or tie (bothbad))", isIndex)
                : string.Equals(a, b, StringComparison.Ordinal)
                    ? new BattleProblem(location, BattleProblemKind.SelfBattle, $"'{a}' battles itself", isIndex)
                    : null;
        if (problem is not null)
        {
            onProblem(problem);
            return null;
        }

        string prefix = format == BattleFormat.ArenaHard ? "ah" : "fc";
        string id = Raw(obj, "battle_id") ?? string.Create(CultureInfo.InvariantCulture, $"{prefix}-{hash}-{location:D7}");
        return FastChatFields.Read(obj, id, a!, b!, winner!, question);
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
}
