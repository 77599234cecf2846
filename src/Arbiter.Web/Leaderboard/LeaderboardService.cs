using Arbiter.Core.Arena;
using Arbiter.Statistics.Arena;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Leaderboard;

/// <summary>Which battles the leaderboard uses.</summary>
/// <param name="Language">Only this prompt language (null: all).</param>
/// <param name="Category">Only this category (null: all).</param>
/// <param name="StyleControl">Ratings with answer length and Markdown controlled for.</param>
/// <param name="IncludeFlagged">Include battles where a model revealed itself (off by default: they were not blind).</param>
public sealed record LeaderboardQuery(string? Language = null, string? Category = null, bool StyleControl = false, bool IncludeFlagged = false);

/// <summary>One model's row.</summary>
public sealed record LeaderboardRow(int Rank, string Model, double Rating, double Lower, double Upper, int Votes);

/// <summary>A computed leaderboard with the filter values available.</summary>
public sealed record LeaderboardView(
    LeaderboardQuery Query, IReadOnlyList<LeaderboardRow> Rows, int Battles, IReadOnlyList<string> Languages, IReadOnlyList<string> Categories, IReadOnlyList<string> Warnings);

/// <summary>
/// Computes leaderboards from the stored battles and caches them until the next vote, so a page
/// view costs a dictionary look-up and a vote costs nothing extra.
/// </summary>
public sealed class LeaderboardService(IBattleStore store, IOptions<ArbiterWebOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<LeaderboardQuery, LeaderboardView> _views = [];
    private List<ArenaBattle>? _battles;
    private int _version;
    private int _cachedVersion = -1;

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>Forgets cached boards (called after each vote).</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    /// <summary>The board for <paramref name="query"/>.</summary>
    public async Task<LeaderboardView> GetAsync(LeaderboardQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var version = Volatile.Read(ref _version);
            if (version != _cachedVersion || _battles is null)
            {
                var all = new List<ArenaBattle>();
                await foreach (var b in store.ReadBattlesAsync(null, cancellationToken).ConfigureAwait(false)) all.Add(b);
                _battles = all;
                _views.Clear();
                _cachedVersion = version;
            }

            if (!_views.TryGetValue(query, out var view)) _views[query] = view = Compute(_battles, query, options.Value.BootstrapRounds);
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rating intervals of the default board, for the pair sampler.</summary>
    public async Task<IReadOnlyDictionary<string, RatingInterval>> IntervalsAsync(CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(new LeaderboardQuery(), cancellationToken).ConfigureAwait(false);
        return view.Rows.ToDictionary(r => r.Model, r => new RatingInterval(r.Model, r.Rating, r.Lower, r.Upper, 0), StringComparer.Ordinal);
    }

    internal static LeaderboardView Compute(IReadOnlyList<ArenaBattle> all, LeaderboardQuery query, int rounds)
    {
        var filter = new BattleFilter(query.Language, query.Category, AnonymousOnly: !query.IncludeFlagged);
        var battles = all.Where(filter.Matches).Where(b => BattleWinner.IsKnown(b.Winner) && b.ModelA != b.ModelB).ToList();
        var languages = all.Select(b => b.Language).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var categories = all.Select(b => b.Category).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (battles.Count == 0) return new LeaderboardView(query, [], 0, languages, categories, []);

        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var b in battles)
        {
            votes[b.ModelA] = votes.GetValueOrDefault(b.ModelA) + 1;
            votes[b.ModelB] = votes.GetValueOrDefault(b.ModelB) + 1;
        }

        var boot = BradleyTerry.Bootstrap(battles.Select(ToBattle), null, new BootstrapOptions { Rounds = rounds, Seed = 42 });
        IReadOnlyList<RatingInterval> intervals = boot.Intervals;
        var warnings = boot.Warnings.ToList();
        if (query.StyleControl) intervals = StyleControlled(battles, intervals, warnings);
        var rows = Statistics.Arena.Leaderboard.Build(intervals)
            .Select(e => new LeaderboardRow(e.Rank, e.Model, e.Rating, e.Lower, e.Upper, votes.GetValueOrDefault(e.Model))).ToList();
        return new LeaderboardView(query, rows, battles.Count, languages, categories, warnings);
    }

    /// <summary>
    /// Style-controlled point ratings; the intervals keep the plain bootstrap's widths around them
    /// (a full style bootstrap per page view would cost seconds).
    /// </summary>
    private static IReadOnlyList<RatingInterval> StyleControlled(List<ArenaBattle> battles, IReadOnlyList<RatingInterval> plain, List<string> warnings)
    {
        var styled = battles.Where(b => b.StyleA is not null && b.StyleB is not null)
            .Select(b => new StyledBattle(ToBattle(b), StyleFeatures.Differences(Counts(b.StyleA!), Counts(b.StyleB!)))).ToList();
        if (styled.Count == 0)
        {
            warnings.Add("No battle has style features; showing plain ratings.");
            return plain;
        }

        var fit = StyleControl.Fit(styled).Ratings;
        return [.. plain.Select(p =>
        {
            var i = fit.Battles.IndexOf(p.Model);
            if (i < 0) return p;
            var shift = fit.Ratings[i] - p.Rating;
            return p with { Rating = fit.Ratings[i], Lower = p.Lower + shift, Upper = p.Upper + shift };
        })];
    }

    private static StyleCounts Counts(AnswerStyle s) => new(s.Tokens, s.Headers, s.ListItems, s.BoldSpans);

    private static Battle ToBattle(ArenaBattle b) => new(b.ModelA, b.ModelB, b.Winner switch
    {
        BattleWinner.ModelA => BattleOutcome.AWins,
        BattleWinner.ModelB => BattleOutcome.BWins,
        BattleWinner.TieBothBad => BattleOutcome.TieBothBad,
        _ => BattleOutcome.Tie,
    });
}
