using System.Collections;
using System.Globalization;
using Arbiter.Core.Suites;

namespace Arbiter.HarnessBench;

/// <summary>
/// A suite of any size whose items are made on demand from their index, so a million-item suite
/// costs no memory of its own and the benchmark measures what the runner and store hold.
/// </summary>
internal sealed class SyntheticItems(int count) : IReadOnlyList<SuiteItem>
{
    private static readonly Dictionary<string, string> NoMetadata = new();

    public int Count => count;

    public SuiteItem this[int index]
    {
        get
        {
            var n = index.ToString(CultureInfo.InvariantCulture);
            return new SuiteItem("s" + n, [new ChatTurn("user", "What is " + n + " plus one?")], null, (index + 1).ToString(CultureInfo.InvariantCulture), null, NoMetadata);
        }
    }

    public IEnumerator<SuiteItem> GetEnumerator()
    {
        for (var i = 0; i < count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static Suite Suite(int count, string id) =>
        new(id, "1", "synthetic", "en", Confidentiality.Public, new ScorerSpec("numeric"), new SyntheticItems(count));
}
