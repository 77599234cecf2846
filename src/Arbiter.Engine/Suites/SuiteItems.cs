using System.Collections;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Suites;

/// <summary>Views over a suite's items that keep them where they are (a file-backed suite stays on disk).</summary>
public static class SuiteItems
{
    /// <summary>
    /// The first <paramref name="count"/> items of <paramref name="items"/> (all of them when there are fewer), read
    /// through <paramref name="items"/> on demand: <c>--limit</c> on a million-item file holds no copy of the prefix.
    /// </summary>
    public static IReadOnlyList<SuiteItem> Prefix(IReadOnlyList<SuiteItem> items, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count >= items.Count ? items : new PrefixView(items, count);
    }

    private sealed class PrefixView(IReadOnlyList<SuiteItem> items, int count) : IReadOnlyList<SuiteItem>
    {
        public int Count => count;

        public SuiteItem this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
                return items[index];
            }
        }

        public IEnumerator<SuiteItem> GetEnumerator() => items.Take(count).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
