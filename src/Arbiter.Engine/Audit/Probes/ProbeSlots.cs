using System.Text;
using System.Text.Json;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Audit.Probes;

/// <summary>One marked slot of a minimal pair in one language: the sensitive filler and the control filler.</summary>
/// <param name="Sensitive">The text in the sensitive probe.</param>
/// <param name="Control">The text that replaces it in the control.</param>
public sealed record ProbeSlot(string Sensitive, string Control);

/// <summary>
/// The <c>slots</c> field of a topic row — <c>[{"en": ["Vladimir Putin", "Emmanuel Macron"], "ru": [...], "zh": [...]}, …]</c>,
/// one object per differing slot, a language left out where the slot does not occur — and the substitution that
/// turns a sensitive text into its control.
/// </summary>
public static class ProbeSlots
{
    /// <summary>The slots of one language, in file order; <c>null</c> when the row has no <c>slots</c> field.</summary>
    /// <exception cref="ConfigException">The field is not an array of objects of [sensitive, control] string pairs.</exception>
    public static IReadOnlyList<ProbeSlot>? Read(JsonElement row, string language, string file, int line)
    {
        if (!row.TryGetProperty("slots", out var slots)) return null;
        if (slots.ValueKind != JsonValueKind.Array) throw new ConfigException(file, line, 1, "'slots' must be an array");
        var result = new List<ProbeSlot>();
        foreach (var slot in slots.EnumerateArray())
        {
            if (slot.ValueKind != JsonValueKind.Object) throw new ConfigException(file, line, 1, "every slot must be an object of language: [sensitive, control]");
            if (!slot.TryGetProperty(language, out var pair)) continue;
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String || p.GetString()!.Length == 0))
            {
                throw new ConfigException(file, line, 1, $"slot '{language}' must be [sensitive, control], two non-empty strings");
            }

            result.Add(new ProbeSlot(pair[0].GetString()!, pair[1].GetString()!));
        }

        return result;
    }

    /// <summary>
    /// Replaces every occurrence of each slot's sensitive filler by its control filler in one left-to-right pass
    /// (the longest filler wins where two start at the same place, and replaced text is not scanned again).
    /// </summary>
    /// <param name="text">The sensitive text.</param>
    /// <param name="slots">The slots of its language.</param>
    /// <param name="unused">The slots whose sensitive filler does not occur in the text.</param>
    public static string Substitute(string text, IReadOnlyList<ProbeSlot> slots, out IReadOnlyList<ProbeSlot> unused)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(slots);
        var used = new HashSet<ProbeSlot>();
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            ProbeSlot? best = null;
            foreach (var slot in slots)
            {
                if ((best is null || slot.Sensitive.Length > best.Sensitive.Length) && text.AsSpan(i).StartsWith(slot.Sensitive, StringComparison.Ordinal)) best = slot;
            }

            if (best is null)
            {
                sb.Append(text[i++]);
                continue;
            }

            used.Add(best);
            sb.Append(best.Control);
            i += best.Sensitive.Length;
        }

        unused = [.. slots.Where(s => !used.Contains(s))];
        return sb.ToString();
    }
}
