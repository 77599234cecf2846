using Arbiter.Core.Arena;

namespace Arbiter.Engine.Tests.Arena.Integrity;

/// <summary>An in-memory <see cref="IVoteClaimStore"/> for the ledger's rules (the real stores pass the store contract tests).</summary>
internal sealed class MemoryVoteClaims : IVoteClaimStore
{
    private readonly Lock _gate = new();
    private readonly List<VoteClaim> _claims = [];

    public IReadOnlyList<VoteClaim> Claims
    {
        get
        {
            lock (_gate) return [.. _claims];
        }
    }

    public Task<VoteClaimResult> ClaimVoteAsync(VoteClaim claim, long windowStartMs, Func<VoteWindow, bool> admit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_claims.Any(c => c.BattleId == claim.BattleId)) return Task.FromResult(new VoteClaimResult(VoteClaimOutcome.Replayed, new(0, 0, 0, 0)));
            var recent = _claims.Where(c => c.AtMs >= windowStartMs).ToList();
            var window = new VoteWindow(recent.Count(c => c.Voter == claim.Voter), recent.Count(c => c.ClientHash == claim.ClientHash),
                recent.Count(c => c.PromptHash == claim.PromptHash),
                recent.Where(c => c.ClientHash == claim.ClientHash).Select(c => c.Voter).Append(claim.Voter).Distinct().Count(),
                recent.Where(c => c.Voter == claim.Voter).Select(c => c.ClientHash).Append(claim.ClientHash).Distinct().Count());
            if (!admit(window)) return Task.FromResult(new VoteClaimResult(VoteClaimOutcome.Refused, window));
            _claims.Add(claim);
            return Task.FromResult(new VoteClaimResult(VoteClaimOutcome.Claimed, window));
        }
    }

    public Task<bool> IsVoteClaimedAsync(string battleId, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_claims.Any(c => c.BattleId == battleId));
    }

    public Task<int> PruneVoteClaimsAsync(long beforeMs, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_claims.RemoveAll(c => c.AtMs < beforeMs));
    }
}
