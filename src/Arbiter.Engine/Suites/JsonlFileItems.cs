using System.Collections;
using System.Text;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Suites;

/// <summary>
/// The items of a native JSONL suite file, read on demand: opening reads and validates every line once
/// (the same errors, at the same file and line, as reading it whole) and keeps only each item's byte
/// offset and line number — 12 bytes an item. Enumerating reads the file again, one line at a time, so a
/// run holds the items in flight, not the suite: a million-item file costs ~12 MB here, not ~1 GB of records.
/// </summary>
internal sealed class JsonlFileItems : IReadOnlyList<SuiteItem>
{
    private readonly string _path;
    private readonly string _idPrefix;
    private readonly long[] _offsets;
    private readonly int[] _lines;

    private JsonlFileItems(string path, string idPrefix, long[] offsets, int[] lines) =>
        (_path, _idPrefix, _offsets, _lines) = (path, idPrefix, offsets, lines);

    public int Count => _offsets.Length;

    public SuiteItem this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            foreach (var (line, _, _) in JsonlLines.Read(_path, _offsets[index]))
            {
                return JsonlItems.ParseLine(_path, _lines[index], line, _idPrefix);
            }

            throw new ConfigException(_path, _lines[index], 1, "the file changed while it was being read");
        }
    }

    /// <summary>
    /// Validates the file and indexes its items. Duplicate ids are found through a 64-bit hash of each id
    /// (8 bytes an item while opening, sorted once at the end); equal hashes are confirmed by re-reading the items.
    /// </summary>
    /// <exception cref="ConfigException">A line is malformed or an id repeats: the first such line of the file, as when read whole.</exception>
    public static JsonlFileItems Open(string path, string idPrefix)
    {
        var offsets = new List<long>();
        var lines = new List<int>();
        var hashes = new List<ulong>();
        foreach (var (line, lineNo, offset) in JsonlLines.Read(path, 0))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            SuiteItem item;
            try
            {
                item = JsonlItems.ParseLine(path, lineNo, line, idPrefix);
            }
            catch (ConfigException)
            {
                // A duplicate on an earlier line is the first error of the file.
                new JsonlFileItems(path, idPrefix, [.. offsets], [.. lines]).ThrowOnDuplicate(hashes);
                throw;
            }

            offsets.Add(offset);
            lines.Add(lineNo);
            hashes.Add(Fnv1a(item.Id));
        }

        var items = new JsonlFileItems(path, idPrefix, [.. offsets], [.. lines]);
        items.ThrowOnDuplicate(hashes);
        return items;
    }

    private void ThrowOnDuplicate(List<ulong> hashes)
    {
        ulong[] keys = [.. hashes];
        int[] order = [.. Enumerable.Range(0, keys.Length)];
        Array.Sort(keys, order);
        int first = int.MaxValue;
        string? id = null;
        for (int start = 0, end; start < keys.Length; start = end)
        {
            for (end = start + 1; end < keys.Length && keys[end] == keys[start]; end++)
            {
            }

            if (end - start == 1) continue;
            // Items that share a hash: the earliest item whose id an earlier one already had.
            var group = order[start..end];
            Array.Sort(group);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (int i in group)
            {
                string itemId = this[i].Id;
                if (!ids.Add(itemId) && i < first)
                {
                    (first, id) = (i, itemId);
                    break;
                }
            }
        }

        if (id is not null) throw new ConfigException(_path, _lines[first], 1, $"duplicate item id '{id}'");
    }

    private static ulong Fnv1a(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return hash;
    }

    public IEnumerator<SuiteItem> GetEnumerator()
    {
        int index = 0;
        foreach (var (line, lineNo, _) in JsonlLines.Read(_path, 0))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (index >= Count || lineNo != _lines[index])
            {
                throw new ConfigException(_path, lineNo, 1, "the file changed while it was being read");
            }

            yield return JsonlItems.ParseLine(_path, lineNo, line, _idPrefix);
            index++;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
