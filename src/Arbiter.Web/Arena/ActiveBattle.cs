using System.Collections.Concurrent;
using Arbiter.Core.Arena;
using Arbiter.Core.Suites;

namespace Arbiter.Web.Arena;

/// <summary>Where a battle is in its life.</summary>
public enum BattleStage
{
    /// <summary>A prompt is waiting for the stream to be opened.</summary>
    Pending,

    /// <summary>Both models are answering.</summary>
    Streaming,

    /// <summary>Both answered: the voter may vote or ask a follow-up.</summary>
    Ready,

    /// <summary>A model failed; the battle cannot be voted on (it can be regenerated).</summary>
    Failed,

    /// <summary>The voter stopped the answers; the battle cannot be voted on until it is regenerated.</summary>
    Stopped,

    /// <summary>Voted; names revealed. The battle stays in memory for its lifetime so its voter can share it.</summary>
    Voted,

    /// <summary>A vote is being decided by the store (limits, replay); back to <see cref="Ready"/> if it is refused.</summary>
    Voting,
}

/// <summary>
/// A battle in progress: this node's copy of the shared store's state (<see cref="SharedBattleStates"/>), kept for its
/// lifetime; the vote is stored as a record, and the conversations as text only when shared or when the operator keeps them.
/// </summary>
internal sealed class ActiveBattle(string id, ArenaModel a, ArenaModel b, string language, string category, string voter, long createdMs)
{
    public string Id { get; } = id;

    public ArenaModel A { get; } = a;

    public ArenaModel B { get; } = b;

    public string Language { get; } = language;

    public string Category { get; } = category;

    public string Voter { get; } = voter;

    public long CreatedMs { get; } = createdMs;

    public Lock Gate { get; } = new();

    public List<ChatTurn> ConversationA { get; } = [];

    public List<ChatTurn> ConversationB { get; } = [];

    public BattleStage Stage { get; set; } = BattleStage.Pending;

    public string? PendingPrompt { get; set; }

    public int Turns { get; set; }

    public bool Flagged { get; set; }

    public AnswerStyle? StyleA { get; set; }

    public AnswerStyle? StyleB { get; set; }

    /// <summary>The first prompt (for the flood signal; never stored as text unless conversations are).</summary>
    public string? FirstPrompt { get; set; }

    /// <summary>When the latest turn's answers started streaming, UTC unix ms (the fast-vote clock).</summary>
    public long AnswersStartedMs { get; set; }

    /// <summary>Cancels the turn being streamed (the voter's Stop); set only while streaming.</summary>
    public CancellationTokenSource? Stopping { get; set; }

    /// <summary>The verdict once voted.</summary>
    public string? Winner { get; set; }

    /// <summary>The share link's id once the voter shared the battle (one link per battle).</summary>
    public string? ShareId { get; set; }

    /// <summary>The shared store's version this copy matches (0: never shared, known to this node only).</summary>
    public long Version { get; set; }

    /// <summary>Rebuilt from the store while another node answers its turn: only that node can stream or stop it directly.</summary>
    public bool StreamingElsewhere { get; init; }
}

/// <summary>The battles in progress, dropped after their lifetime so abandoned ones do not pile up.</summary>
internal sealed class BattleSessions(TimeSpan lifetime, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ActiveBattle> _battles = new(StringComparer.Ordinal);
    private long _nextPruneMs;

    public int Count => _battles.Count;

    public void Add(ActiveBattle battle)
    {
        Prune();
        _battles[battle.Id] = battle;
    }

    public ActiveBattle? Find(string id) => _battles.GetValueOrDefault(id);

    public void Remove(string id) => _battles.TryRemove(id, out _);

    /// <summary>Drops every battle (voted ones can then no longer be shared); returns how many were not yet voted on.</summary>
    public int Clear()
    {
        var n = _battles.Values.Count(b => b.Stage != BattleStage.Voted);
        _battles.Clear();
        return n;
    }

    private void Prune()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = Interlocked.Read(ref _nextPruneMs);
        if (now < due || Interlocked.CompareExchange(ref _nextPruneMs, now + 30_000, due) != due) return;
        var cutoff = now - (long)lifetime.TotalMilliseconds;
        foreach (var (id, b) in _battles)
        {
            if (b.CreatedMs < cutoff) _battles.TryRemove(id, out _);
        }
    }
}
