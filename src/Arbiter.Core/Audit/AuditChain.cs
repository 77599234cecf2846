using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Arbiter.Core.Audit;

/// <summary>
/// The hash chain of the audit log. Each entry's hash is SHA-256 over a canonical serialisation of
/// all its fields and the previous entry's hash, so changing, deleting or reordering any entry
/// breaks every link after it. Both stores and <c>arbiter audit-log verify</c> use this one code.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Relaxed escaping keeps non-ASCII ids readable and the form easy to reproduce outside .NET;
        // the bytes are still unambiguous JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// The canonical bytes: a compact UTF-8 JSON array of the fields in declaration order, preceded by
    /// the sequence number and followed by the previous hash (nulls as JSON null). Entries that carry
    /// a call id or run id append call id, run id and epoch after the previous hash; entries without
    /// them serialise exactly as before those fields existed, so older chains still verify.
    /// </summary>
    public static byte[] Canonical(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartArray();
            w.WriteNumberValue(entry.Sequence);
            w.WriteNumberValue(entry.TimeMs);
            w.WriteStringValue(entry.ModelId);
            w.WriteStringValue(entry.Endpoint);
            w.WriteStringValue(entry.Model);
            w.WriteStringValue(entry.Jurisdiction);
            WriteNullable(w, entry.SuiteId);
            WriteNullable(w, entry.ItemId);
            w.WriteStringValue(entry.Purpose);
            w.WriteStringValue(entry.Confidentiality);
            w.WriteStringValue(entry.PayloadSha256);
            w.WriteNumberValue(entry.PayloadBytes);
            w.WriteNumberValue(entry.Attempts);
            w.WriteStringValue(entry.Outcome);
            WriteNullable(w, entry.Detail);
            w.WriteStringValue(entry.PrevHash);
            if (entry.CallId is not null || entry.RunId is not null || entry.Epoch is not null)
            {
                WriteNullable(w, entry.CallId);
                WriteNullable(w, entry.RunId);
                if (entry.Epoch is { } epoch) w.WriteNumberValue(epoch);
                else w.WriteNullValue();
            }

            w.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The hash of <paramref name="entry"/> (its own <see cref="AuditEntry.Hash"/> is ignored).</summary>
    public static string ComputeHash(AuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Canonical(entry)));

    /// <summary>Links <paramref name="entry"/> after an entry with <paramref name="previousSequence"/> and <paramref name="previousHash"/>.</summary>
    public static AuditEntry Link(AuditEntry entry, long previousSequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var linked = entry with { Sequence = previousSequence + 1, PrevHash = previousHash, Hash = "" };
        return linked with { Hash = ComputeHash(linked) };
    }

    /// <summary>
    /// Walks the log in stored order and stops at the first entry that is modified (its hash does
    /// not match its content), missing (a gap in the sequence) or out of order (its previous hash is
    /// not the hash of the entry before it).
    /// </summary>
    public static Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        VerifyAsync(entries, null, cancellationToken);

    /// <summary>
    /// As <see cref="VerifyAsync(IAsyncEnumerable{AuditEntry}, CancellationToken)"/>, and also requires an entry whose hash is
    /// <paramref name="expectedHead"/>: a head hash recorded outside the database earlier. The chain alone cannot show that
    /// entries were cut off its end; a recorded head that is no longer in it does. Entries appended after it are fine.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, string? expectedHead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var expectedHeadSeen = expectedHead is null;
        var previousHash = Genesis;
        long expected = 1;
        long count = 0;
        await foreach (var e in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            string? problem = null;
            if (e.Sequence != expected)
            {
                problem = e.Sequence > expected
                    ? string.Create(CultureInfo.InvariantCulture, $"entries {expected}–{e.Sequence - 1} are missing (deleted)")
                    : string.Create(CultureInfo.InvariantCulture, $"sequence {e.Sequence} appears where {expected} was expected (reordered or duplicated)");
            }
            else if (!string.Equals(e.PrevHash, previousHash, StringComparison.Ordinal))
            {
                problem = "its previous-hash link does not match the entry before it (an entry was removed, inserted or reordered)";
            }
            else if (!string.Equals(ComputeHash(e), e.Hash, StringComparison.Ordinal))
            {
                problem = "its content does not match its hash (the entry was modified)";
            }

            if (problem is not null)
            {
                return new AuditVerification(false, count, previousHash, Math.Min(e.Sequence, expected), problem);
            }

            previousHash = e.Hash;
            expectedHeadSeen |= string.Equals(e.Hash, expectedHead, StringComparison.OrdinalIgnoreCase);
            expected++;
        }

        if (!expectedHeadSeen)
        {
            return new AuditVerification(false, count, previousHash, expected,
                $"the recorded head hash {expectedHead} is not in the log: entries after {count} were cut off the end, or the log was rewritten");
        }

        return new AuditVerification(true, count, previousHash, null, null);
    }

    private static void WriteNullable(Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue();
        else w.WriteStringValue(value);
    }
}
