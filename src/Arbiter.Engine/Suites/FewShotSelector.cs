using System.Globalization;
using System.Runtime.CompilerServices;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Suites;

/// <summary>
/// Picks the k few-shot examples for one test item from the shot candidates, in file order: never the
/// item itself (same prompt and choices, whatever its id: the shot file may be the test file), and
/// from the item's <c>subject</c> first when the candidates carry subjects (an MMLU subject column or
/// <c>metadata.subject</c>), filled from the other rows when its subject has too few.
/// Takes the candidates explicitly, so it does not care how test items are enumerated.
/// </summary>
public sealed class FewShotSelector
{
    private const string SubjectKey = "subject";
    private static readonly ConditionalWeakTable<Suite, FewShotSelector> BySuite = [];

    private readonly IReadOnlyList<SuiteItem> _candidates;
    private readonly string[] _keys;
    private readonly Dictionary<string, List<int>> _bySubject = new(StringComparer.Ordinal);

    /// <summary>Creates a selector over <paramref name="candidates"/> handing out <paramref name="k"/> shots per item.</summary>
    public FewShotSelector(IReadOnlyList<SuiteItem> candidates, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        _candidates = candidates;
        K = k;
        _keys = new string[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            _keys[i] = Key(candidates[i]);
            if (Subject(candidates[i]) is { } subject)
            {
                if (!_bySubject.TryGetValue(subject, out var list)) _bySubject[subject] = list = [];
                list.Add(i);
            }
        }
    }

    /// <summary>Shots per item.</summary>
    public int K { get; }

    /// <summary>The selector for a suite's <see cref="Suite.FewShot"/> and <see cref="Suite.FewShotK"/>, built once per suite.</summary>
    public static FewShotSelector Of(Suite suite) =>
        BySuite.GetValue(suite, s => new FewShotSelector(s.FewShot, s.FewShotK ?? s.FewShot.Count));

    /// <summary>The shots for <paramref name="item"/>, at most <see cref="K"/>, in file order.</summary>
    public IReadOnlyList<SuiteItem> For(SuiteItem item) => Pick(item, out _);

    /// <summary>
    /// Warnings for <c>suites validate</c>: test items that are also shot candidates, items that get
    /// fewer than k shots, and subjects with fewer than k examples of their own.
    /// </summary>
    public IReadOnlyList<string> Warnings(IEnumerable<SuiteItem> items)
    {
        if (K == 0) return [];
        var keys = new HashSet<string>(_keys, StringComparer.Ordinal);
        int total = 0, overlapping = 0, shortItems = 0, fewest = int.MaxValue;
        var shortSubjects = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            total++;
            if (keys.Contains(Key(item))) overlapping++;
            var shots = Pick(item, out var sameSubject);
            if (shots.Count < K)
            {
                shortItems++;
                fewest = Math.Min(fewest, shots.Count);
            }

            if (Subject(item) is { } s && _bySubject.ContainsKey(s) && sameSubject < K)
            {
                shortSubjects[s] = Math.Min(shortSubjects.GetValueOrDefault(s, int.MaxValue), sameSubject);
            }
        }

        var warnings = new List<string>();
        if (overlapping > 0)
        {
            warnings.Add(Inv($"fewShot: {overlapping} of {total} test items are also few-shot examples (no separate shot split); each is left out of its own shots, but other items are shown its answer"));
        }

        if (shortItems > 0)
        {
            warnings.Add(Inv($"fewShot: {shortItems} items get fewer than k={K} shots (as few as {fewest}): the shot file needs at least k+1 rows when it holds the test items"));
        }

        foreach (var (subject, have) in shortSubjects)
        {
            warnings.Add(Inv($"fewShot: subject '{subject}' has {have} examples besides the item itself, fewer than k={K}; the rest come from other subjects"));
        }

        return warnings;
    }

    private List<SuiteItem> Pick(SuiteItem item, out int sameSubject)
    {
        var shots = new List<SuiteItem>(K);
        sameSubject = 0;
        if (K == 0) return shots;
        var self = Key(item);
        var taken = new HashSet<int>();
        if (Subject(item) is { } subject && _bySubject.TryGetValue(subject, out var own))
        {
            foreach (var i in own)
            {
                if (shots.Count == K) break;
                if (_keys[i] == self) continue;
                shots.Add(_candidates[i]);
                taken.Add(i);
            }

            sameSubject = shots.Count;
        }

        for (var i = 0; i < _candidates.Count && shots.Count < K; i++)
        {
            if (_keys[i] != self && !taken.Contains(i)) shots.Add(_candidates[i]);
        }

        return shots;
    }

    // What the model sees of an item: its turns and options. An id differs between a shot file and
    // the test file even for the same row, so it is no identity here.
    private static string Key(SuiteItem item) =>
        string.Join('\u001F', item.Input.Select(t => t.Role + "\u001E" + t.Content.Trim()).Concat(item.Choices ?? []));

    private static string? Subject(SuiteItem item) =>
        item.Metadata.TryGetValue(SubjectKey, out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
