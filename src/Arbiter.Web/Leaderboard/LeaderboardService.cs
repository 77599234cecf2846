using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Leaderboard;

/// <summary>Which battles the leaderboard uses.</summary>
/// <param name="Language">Only this prompt language (null: all).</param>
/// <param name="Category">Only this category (null: all).</param>
/// <param name="StyleControl">Also the board with answer length and Markdown controlled for.</param>
/// <param name="IncludeFlagged">Include battles where a model revealed itself (off by default: they were not blind).</param>
public sealed record LeaderboardQuery(string? Language = null, string? Category = null, bool StyleControl = false, bool IncludeFlagged = false)
{
    /// <summary>The engine filter: <see cref="BattleFilter.Board"/>, as <c>arbiter arena leaderboard</c> uses it.</summary>
    public BattleFilter Filter => BattleFilter.Board with { Language = Language, Category = Category, ExcludeFlagged = !IncludeFlagged };
}

/// <summary>A computed leaderboard (null when no battle passes the filter) with the filter values available.</summary>
/// <param name="Query">The filter.</param>
/// <param name="Board">The engine's board, exactly what <c>arbiter arena leaderboard</c> computes on the same store.</param>
/// <param name="Languages">Languages present in the store.</param>
/// <param name="Categories">Categories present in the store.</param>
/// <param name="MinimumBattles">Below this many battles a model is marked preliminary.</param>
public sealed record LeaderboardView(LeaderboardQuery Query, ArenaLeaderboardResult? Board, IReadOnlyList<string> Languages, IReadOnlyList<string> Categories, int MinimumBattles)
{
    /// <summary>The rows shown: the style-controlled board when asked for and possible, else the plain one.</summary>
    public IReadOnlyList<ArenaRow> Rows => (Query.StyleControl ? Board?.StyleControlled : null) ?? Board?.Rows ?? [];

    /// <summary>Battles used.</summary>
    public int Battles => Board?.BattleCount ?? 0;

    /// <summary>The engine's diagnostics (a rating held finite by the prior, preliminary models, missing style features).</summary>
    public IReadOnlyList<string> Warnings => Board?.Warnings ?? [];
}

/// <summary>
/// Serves leaderboards computed by <see cref="ArenaLeaderboard"/> (the web keeps no statistics of its
/// own) and caches them until the next vote, so a page view costs a dictionary look-up. Votes and voids made by
/// other web nodes on the same store are noticed by a cheap check of the store (two counts) at most every
/// <see cref="ArbiterWebOptions.LeaderboardRefresh"/>.
/// </summary>
public sealed class LeaderboardService(IBattleStore store, IOptions<ArbiterWebOptions> options, TimeProvider time) : IDisposable
{
    private static readonly BattleFilter NotVoided = new(ExcludeVoided: true);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<LeaderboardQuery, LeaderboardView> _views = [];
    private List<ArenaBattle>? _battles;
    private int _version;
    private int _cachedVersion = -1;
    private (long All, long Counted) _stamp = (-1, -1);
    private long _checkedAtMs = long.MinValue;

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
            var stamp = await StampIfDueAsync(cancellationToken).ConfigureAwait(false);
            if (version != _cachedVersion || _battles is null || (stamp is { } s && s != _stamp))
            {
                // Read the stamp before the battles: a vote landing in between makes the next check reload, never miss it.
                _stamp = stamp ?? await StampAsync(cancellationToken).ConfigureAwait(false);
                var all = new List<ArenaBattle>();
                await foreach (var b in store.ReadBattlesAsync(null, cancellationToken).ConfigureAwait(false)) all.Add(b with { ConversationA = null, ConversationB = null });
                _battles = all;
                _views.Clear();
                _cachedVersion = version;
            }

            if (!_views.TryGetValue(query, out var view)) _views[query] = view = Compute(_battles, query, Options(query, options.Value));
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The store's stamp when a check is due (another node may have written), else null.</summary>
    private async Task<(long, long)?> StampIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_battles is not null && now - _checkedAtMs < (long)options.Value.LeaderboardRefresh.TotalMilliseconds) return null;
        _checkedAtMs = now;
        return await StampAsync(cancellationToken).ConfigureAwait(false);
    }

    // All battles and the ones not voided: a vote changes both, a void or its undo the second.
    private async Task<(long, long)> StampAsync(CancellationToken cancellationToken) =>
        (await store.CountBattlesAsync(null, cancellationToken).ConfigureAwait(false),
            await store.CountBattlesAsync(NotVoided, cancellationToken).ConfigureAwait(false));

    /// <summary>Rows of the default board by model, for the pair sampler.</summary>
    public async Task<IReadOnlyDictionary<string, ArenaRow>> IntervalsAsync(CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(new LeaderboardQuery(), cancellationToken).ConfigureAwait(false);
        return view.Rows.ToDictionary(r => r.Model, StringComparer.Ordinal);
    }

    /// <summary>The engine options the web's settings give for <paramref name="query"/> (the CLI's defaults unless configured).</summary>
    public static ArenaLeaderboardOptions Options(LeaderboardQuery query, ArbiterWebOptions web)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(web);
        return new ArenaLeaderboardOptions { Rounds = web.BootstrapRounds, MinimumBattles = web.MinimumBattles, StyleControl = query.StyleControl };
    }

    private static LeaderboardView Compute(List<ArenaBattle> all, LeaderboardQuery query, ArenaLeaderboardOptions options)
    {
        var languages = all.Select(b => b.Language).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var categories = all.Select(b => b.Category).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var filter = query.Filter;
        var battles = all.Where(filter.Matches).ToList();
        var board = battles.Count == 0 ? null : ArenaLeaderboard.Compute(battles, options);
        return new LeaderboardView(query, board is { BattleCount: > 0 } ? board : null, languages, categories, options.MinimumBattles);
    }
}
