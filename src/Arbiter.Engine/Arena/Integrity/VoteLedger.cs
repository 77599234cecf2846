using System.Security.Cryptography;
using System.Text;

namespace Arbiter.Engine.Arena.Integrity;

/// <summary>What is known about a vote when it is cast.</summary>
/// <param name="Voter">The voter id of the request (the signed cookie).</param>
/// <param name="Client">The client address as the rate limiter sees it (after trusted forwarded headers).</param>
/// <param name="Prompt">The battle's first prompt (hashed here, never kept).</param>
/// <param name="StartedBy">The voter id the battle was started with.</param>
/// <param name="AnswersStartedMs">When the answers started streaming, UTC unix ms.</param>
/// <param name="VotedAtMs">When the vote arrived, UTC unix ms.</param>
/// <param name="AnswerChars">Characters of both answers together.</param>
public sealed record VoteFacts(string Voter, string Client, string Prompt, string StartedBy, long AnswersStartedMs, long VotedAtMs, int AnswerChars);

/// <summary>Which limit refused a vote.</summary>
public enum VoteLimitHit
{
    /// <summary>None: the vote counts.</summary>
    None,

    /// <summary>The voter's cookie has used its votes for the window.</summary>
    Voter,

    /// <summary>The client address has used its votes for the window.</summary>
    Client,
}

/// <summary>The ledger's decision on one vote.</summary>
/// <param name="Limit">The limit that refused it, or <see cref="VoteLimitHit.None"/>.</param>
/// <param name="Signals">The signals to store with an accepted vote (<see cref="IntegritySignals.Join"/> form), or null.</param>
public sealed record VoteAssessment(VoteLimitHit Limit, string? Signals);

/// <summary>
/// Recent votes in memory (a sliding window, nothing older kept): enforces the per-voter and
/// per-client limits and computes the integrity signals. Client addresses and prompts are kept only
/// as hashes. Thread-safe. After a restart <see cref="Restore"/> refills the window from the stored votes, so
/// the per-voter limit holds across restarts; addresses and prompts are not stored, so the per-client limit and
/// the flood and churn signals start empty (erring towards letting votes in).
/// </summary>
public sealed class VoteLedger(VoteLimits limits)
{
    private readonly Lock _gate = new();
    private readonly Queue<Entry> _entries = new();
    private readonly Dictionary<string, int> _byVoter = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byClient = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byPrompt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _votersByClient = new(StringComparer.Ordinal);

    /// <summary>The settings.</summary>
    public VoteLimits Limits { get; } = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>Decides on a vote; an accepted vote is recorded in the same step, so two racing votes cannot both take the last slot.</summary>
    public VoteAssessment Admit(VoteFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var entry = new Entry(facts.Voter, Hash(facts.Client), Hash(facts.Prompt.Trim()), facts.VotedAtMs);
        lock (_gate)
        {
            Prune(facts.VotedAtMs - (long)Limits.Window.TotalMilliseconds);
            if (Count(_byVoter, entry.Voter) >= Limits.PerVoter) return new VoteAssessment(VoteLimitHit.Voter, null);
            if (Count(_byClient, entry.Client) >= Limits.PerClient) return new VoteAssessment(VoteLimitHit.Client, null);
            Add(entry);
            var signals = new List<string>();
            if (facts.VotedAtMs - facts.AnswersStartedMs < ReadTimeMs(facts.AnswerChars)) signals.Add(IntegritySignals.FastVote);
            if (Count(_byPrompt, entry.Prompt) >= Limits.FloodPrompts) signals.Add(IntegritySignals.PromptFlood);
            if (_votersByClient[entry.Client].Count >= Limits.ChurnVoters) signals.Add(IntegritySignals.CookieChurn);
            if (!string.Equals(facts.Voter, facts.StartedBy, StringComparison.Ordinal)) signals.Add(IntegritySignals.VoterMismatch);
            return new VoteAssessment(VoteLimitHit.None, IntegritySignals.Join(signals));
        }
    }

    /// <summary>
    /// Counts a stored vote (oldest first) against its voter, as if cast live: what makes the per-voter limit survive a
    /// restart. Votes older than the window are dropped at the next decision.
    /// </summary>
    public void Restore(string voter, long votedAtMs)
    {
        ArgumentNullException.ThrowIfNull(voter);
        // A stored vote has no client or prompt hash (neither is stored): it counts only against its voter.
        lock (_gate) Add(new Entry(voter, Unknown, Unknown, votedAtMs));
    }

    /// <summary>The least time, in ms, a human needs to skim <paramref name="answerChars"/> characters.</summary>
    public long ReadTimeMs(int answerChars) =>
        Math.Max((long)Limits.MinimumReadTime.TotalMilliseconds, (long)(Math.Max(0, answerChars) / Limits.SkimCharsPerSecond * 1000));

    private void Add(Entry e)
    {
        _entries.Enqueue(e);
        Bump(_byVoter, e.Voter, 1);
        if (e.Client == Unknown) return;
        Bump(_byClient, e.Client, 1);
        Bump(_byPrompt, e.Prompt, 1);
        if (!_votersByClient.TryGetValue(e.Client, out var voters)) _votersByClient[e.Client] = voters = new(StringComparer.Ordinal);
        Bump(voters, e.Voter, 1);
    }

    private void Prune(long before)
    {
        while (_entries.TryPeek(out var e) && e.AtMs < before)
        {
            _entries.Dequeue();
            Bump(_byVoter, e.Voter, -1);
            if (e.Client == Unknown) continue;
            Bump(_byClient, e.Client, -1);
            Bump(_byPrompt, e.Prompt, -1);
            var voters = _votersByClient[e.Client];
            Bump(voters, e.Voter, -1);
            if (voters.Count == 0) _votersByClient.Remove(e.Client);
        }
    }

    private static int Count(Dictionary<string, int> counts, string key) => counts.GetValueOrDefault(key);

    private static void Bump(Dictionary<string, int> counts, string key, int by)
    {
        var n = counts.GetValueOrDefault(key) + by;
        if (n <= 0) counts.Remove(key);
        else counts[key] = n;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);

    // No real hash is empty: marks a restored vote.
    private const string Unknown = "";

    private sealed record Entry(string Voter, string Client, string Prompt, long AtMs);
}
