using System.Buffers;
using System.Text.Json;
using Arbiter.Core.Arena;

namespace Arbiter.Engine.Arena;

/// <summary>Export layouts.</summary>
public enum BattleExportFormat
{
    /// <summary>FastChat clean-battle records as one JSON array (with Arbiter's <c>battle_id</c>, so a re-import is idempotent).</summary>
    FastChatJson,

    /// <summary>The same records, one per line.</summary>
    FastChatJsonl,

    /// <summary>arena-hard-auto's <c>{question_id, model_a, model_b, winner}</c> lines (ids and metadata are dropped).</summary>
    ArenaHard,
}

/// <summary>Writes battles in FastChat or arena-hard format (UTF-8, LF line ends, invariant numbers).</summary>
public static class BattleExporter
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The format names the CLI's <c>--format</c> and the admin export's <c>format</c> accept.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["fastchat", "fastchat-jsonl", "arena-hard"];

    /// <summary>The format called <paramref name="name"/> (null: the default, <c>fastchat</c>); null when unknown.</summary>
    public static BattleExportFormat? ParseFormat(string? name) => name switch
    {
        null or "fastchat" => BattleExportFormat.FastChatJson,
        "fastchat-jsonl" => BattleExportFormat.FastChatJsonl,
        "arena-hard" => BattleExportFormat.ArenaHard,
        _ => null,
    };

    /// <summary>Writes <paramref name="battles"/> to <paramref name="output"/>; returns how many were written.</summary>
    public static async Task<long> WriteAsync(IAsyncEnumerable<ArenaBattle> battles, Stream output, BattleExportFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(battles);
        ArgumentNullException.ThrowIfNull(output);
        long count = 0;
        bool array = format == BattleExportFormat.FastChatJson;
        // Each record is written into one reused buffer and copied out asynchronously: no synchronous I/O
        // (an ASP.NET response body refuses it) and no per-battle writer allocation.
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var w = new Utf8JsonWriter(buffer, Compact);
        if (array) await output.WriteAsync("["u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await foreach (var battle in battles.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            buffer.ResetWrittenCount();
            w.Reset(buffer);
            if (array) buffer.Write(count == 0 ? "\n"u8 : ",\n"u8);
            WriteOne(w, battle, format);
            w.Flush();
            if (!array) buffer.Write("\n"u8);
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            count++;
        }

        if (array) await output.WriteAsync((count == 0 ? "]\n"u8 : "\n]\n"u8).ToArray(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static void WriteOne(Utf8JsonWriter w, ArenaBattle battle, BattleExportFormat format)
    {
        w.WriteStartObject();
        if (battle.QuestionId is { } q)
        {
            // arena-hard writes integer question ids; keep numbers numbers so the file reads back identically.
            if (long.TryParse(q, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n)
                && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == q)
            {
                w.WriteNumber("question_id", n);
            }
            else
            {
                w.WriteString("question_id", q);
            }
        }

        w.WriteString("model_a", battle.ModelA);
        w.WriteString("model_b", battle.ModelB);
        w.WriteString("winner", battle.Winner);
        if (format != BattleExportFormat.ArenaHard)
        {
            FastChatFields.Write(w, battle);
        }

        w.WriteEndObject();
    }
}
