using System.Globalization;
using Arbiter.Statistics.Frontier;

namespace Arbiter.Engine.Frontier;

/// <summary>
/// The scores placed for one grouping and as-of date: per benchmark and group, the models released by
/// then. Model ids are numbered in ordinal order, which is what makes every tie-break order-free.
/// </summary>
internal sealed class FrontierData
{
    private readonly string[] _models;
    private readonly Dictionary<(string Benchmark, string Group), List<ScoredRelease>> _points = [];
    private static readonly IReadOnlyList<ScoredRelease> None = [];

    private FrontierData(string[] models) => _models = models;

    public IReadOnlyList<string> Groups { get; private set; } = [];

    public IReadOnlyList<string> Benchmarks { get; private set; } = [];

    public List<FrontierNote> Notes { get; } = [];

    public string ModelName(int id) => _models[id];

    public IReadOnlyList<ScoredRelease> Points(string benchmark, string group) => _points.TryGetValue((benchmark, group), out var list) ? list : None;

    /// <summary>The group named <paramref name="name"/> (case-insensitive), else a usage error listing the groups.</summary>
    public string ResolveGroup(string name) =>
        Groups.FirstOrDefault(g => string.Equals(g, name, StringComparison.Ordinal))
        ?? Groups.FirstOrDefault(g => string.Equals(g, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new FrontierInputException(Groups.Count == 0
            // An empty list reads as a bug; the usual cause is a store served without the config that set the models' facts.
            ? $"--reference {name}: no scored model has a release date and a group (country, organisation or weights) — set releaseDate and origin for each model in arbiter.yaml, or give a scores CSV"
            : $"--reference {name}: no model in this group; groups present: {string.Join(", ", Groups)}");

    public static FrontierData Build(ScoreTable table, FrontierGrouping grouping, DateOnly asOf, IReadOnlyList<string> only)
    {
        var scores = table.Scores;
        var known = scores.Select(s => s.Benchmark).ToHashSet(StringComparer.Ordinal);
        var missing = only.Where(b => !known.Contains(b)).ToArray();
        if (missing.Length > 0)
        {
            throw new FrontierInputException($"--benchmark {string.Join(", ", missing)}: no score for this benchmark (the data has {known.Count.ToString(CultureInfo.InvariantCulture)} benchmarks, e.g. {string.Join(", ", known.Order(StringComparer.Ordinal).Take(8))})");
        }

        var models = scores.Select(s => s.Model).Distinct().Order(StringComparer.Ordinal).ToArray();
        var ids = models.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        var data = new FrontierData(models);
        var noGroup = new SortedSet<string>(StringComparer.Ordinal);
        var noDate = new SortedSet<string>(StringComparer.Ordinal);
        var later = new SortedSet<string>(StringComparer.Ordinal);
        var filter = only.ToHashSet(StringComparer.Ordinal);
        foreach (var s in scores)
        {
            if (filter.Count > 0 && !filter.Contains(s.Benchmark)) continue;
            table.Facts.TryGetValue(s.Model, out var facts);
            if (facts?.GroupOf(grouping) is not { } group) noGroup.Add(s.Model);
            else if (facts.ReleaseDate is not { } date) noDate.Add(s.Model);
            else if (date > asOf) later.Add(s.Model);
            else
            {
                if (!data._points.TryGetValue((s.Benchmark, group), out var list)) data._points[(s.Benchmark, group)] = list = [];
                list.Add(new ScoredRelease(date.DayNumber, s.Score, ids[s.Model]));
            }
        }

        data.Groups = [.. data._points.Keys.Select(k => k.Group).Distinct().Order(StringComparer.Ordinal)];
        data.Benchmarks = [.. data._points.Keys.Select(k => k.Benchmark).Distinct().Order(StringComparer.Ordinal)];
        data.Notes.AddRange(table.Notes);
        var noGroupKind = grouping switch
        {
            FrontierGrouping.Organization => FrontierNoteKind.NoOrganization,
            FrontierGrouping.Weights => FrontierNoteKind.NoWeights,
            _ => FrontierNoteKind.NoCountry,
        };
        if (noGroup.Count > 0) data.Notes.Add(FrontierNote.Of(noGroupKind, noGroup.Count, Sample(noGroup)));
        if (noDate.Count > 0) data.Notes.Add(FrontierNote.Of(FrontierNoteKind.NoReleaseDate, noDate.Count, Sample(noDate)));
        if (later.Count > 0) data.Notes.Add(FrontierNote.Of(FrontierNoteKind.ReleasedAfter, later.Count, FrontierDates.Iso(asOf)));
        return data;
    }

    private static string Sample(IEnumerable<string> names)
    {
        var list = names.ToList();
        return string.Join(", ", list.Take(5)) + (list.Count > 5 ? ", …" : "");
    }
}
