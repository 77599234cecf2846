using System.Collections;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Suites;

/// <summary>
/// The items of a native JSONL suite file, read on demand: opening reads and validates every line once
/// (the same errors, at the same file and line, as reading it whole) and keeps the byte offset and line number
/// of every <see cref="Stride"/>-th item only — under 0.2 bytes an item. Enumerating reads the file again, one
/// line at a time, so a run holds the items in flight, not the suite, nor an index that grows with it; a lookup
/// by position reads forward from the nearest kept offset.
/// </summary>
internal sealed class JsonlFileItems : IReadOnlyList<SuiteItem>
{
    /// <summary>Items between kept offsets: a lookup by position reads at most this many lines.</summary>
    internal const int Stride = 64;

    private readonly string _path;
    private readonly string _idPrefix;
    private readonly bool _targetOptional;
    private readonly long[] _offsets;
    private readonly int[] _lines;

    private JsonlFileItems(string path, string idPrefix, bool targetOptional, long[] offsets, int[] lines, int count) =>
        (_path, _idPrefix, _targetOptional, _offsets, _lines, Count) = (path, idPrefix, targetOptional, offsets, lines, count);

    public int Count { get; }

    public SuiteItem this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            int skip = index % Stride, first = _lines[index / Stride];
            foreach (var (line, lineNo, _) in JsonlLines.Read(_path, _offsets[index / Stride]))
            {
                if (string.IsNullOrWhiteSpace(line) || skip-- > 0) continue;
                // Line numbers count from the offset read from.
                return JsonlItems.ParseLine(_path, first + lineNo - 1, line, _idPrefix, _targetOptional);
            }

            throw new ConfigException(_path, first, 1, "the file changed while it was being read");
        }
    }

    /// <summary>
    /// Validates the file and indexes its items. Duplicate ids are found through a 64-bit hash of each id
    /// (8 bytes an item in native memory while opening, sorted once at the end, then freed: <see cref="IdHashes"/>);
    /// only ids whose hash repeats are compared, in a second reading of the file.
    /// </summary>
    /// <exception cref="ConfigException">A line is malformed or an id repeats: the first such line of the file, as when read whole.</exception>
    /// <param name="targetOptional">Items may have no <c>target</c> (a suite graded by a rubric judge).</param>
    public static JsonlFileItems Open(string path, string idPrefix, bool targetOptional = false)
    {
        var offsets = new List<long>();
        var lines = new List<int>();
        using var hashes = new IdHashes();
        foreach (var (line, lineNo, offset) in JsonlLines.Read(path, 0))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            SuiteItem item;
            try
            {
                item = JsonlItems.ParseLine(path, lineNo, line, idPrefix, targetOptional);
            }
            catch (ConfigException)
            {
                // A duplicate on an earlier line is the first error of the file.
                ThrowOnDuplicate(path, idPrefix, hashes);
                throw;
            }

            if (hashes.Count % Stride == 0)
            {
                offsets.Add(offset);
                lines.Add(lineNo);
            }

            hashes.Add(IdHashes.Of(item.Id));
        }

        int count = hashes.Count;
        ThrowOnDuplicate(path, idPrefix, hashes);
        return new JsonlFileItems(path, idPrefix, targetOptional, [.. offsets], [.. lines], count);
    }

    /// <summary>Throws at the first of the file's first <c>hashes.Count</c> items whose id an earlier item had (sorts <paramref name="hashes"/>).</summary>
    private static void ThrowOnDuplicate(string path, string idPrefix, IdHashes hashes)
    {
        int items = hashes.Count;
        var keys = hashes.Span;
        keys.Sort();
        var repeated = new HashSet<ulong>();
        for (int i = 1; i < keys.Length; i++)
        {
            if (keys[i] == keys[i - 1]) repeated.Add(keys[i]);
        }

        if (repeated.Count == 0) return;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var (line, lineNo, _) in JsonlLines.Read(path, 0))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (index++ == items) break;
            string id = JsonlItems.ParseLine(path, lineNo, line, idPrefix, targetOptional: true).Id;
            if (repeated.Contains(IdHashes.Of(id)) && !ids.Add(id)) throw new ConfigException(path, lineNo, 1, $"duplicate item id '{id}'");
        }
    }

    public IEnumerator<SuiteItem> GetEnumerator()
    {
        int index = 0;
        foreach (var (line, lineNo, _) in JsonlLines.Read(_path, 0))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (index >= Count || (index % Stride == 0 && lineNo != _lines[index / Stride]))
            {
                throw new ConfigException(_path, lineNo, 1, "the file changed while it was being read");
            }

            yield return JsonlItems.ParseLine(_path, lineNo, line, _idPrefix, _targetOptional);
            index++;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
