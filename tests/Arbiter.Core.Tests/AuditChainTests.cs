using Arbiter.Core.Audit;

namespace Arbiter.Core.Tests;

public sealed class AuditChainTests
{
    private static List<AuditEntry> Chain(int n)
    {
        var list = new List<AuditEntry>();
        var (seq, hash) = (0L, AuditChain.Genesis);
        for (var i = 0; i < n; i++)
        {
            var e = AuditChain.Link(new AuditEntry(1000 + i, "m", "http://127.0.0.1/v1", "m", "local", "s", $"item-{i}", "eval", "public", new string('a', 64), 10, 1, "ok", null), seq, hash);
            list.Add(e);
            (seq, hash) = (e.Sequence, e.Hash);
        }

        return list;
    }

    [Fact]
    public async Task A_recorded_head_proves_that_nothing_was_cut_off_the_end()
    {
        var chain = Chain(5);
        var recorded = chain[2].Hash;

        // Appending after the recorded head is normal growth.
        var grown = await AuditChain.VerifyAsync(chain.ToAsyncEnumerable(), recorded, TestContext.Current.CancellationToken);
        Assert.True(grown.Valid);

        // Cut back to two entries: every remaining link is still sound, so only the recorded head shows the loss.
        var cut = chain.Take(2).ToList();
        Assert.True((await AuditChain.VerifyAsync(cut.ToAsyncEnumerable(), TestContext.Current.CancellationToken)).Valid);
        var check = await AuditChain.VerifyAsync(cut.ToAsyncEnumerable(), recorded, TestContext.Current.CancellationToken);
        Assert.False(check.Valid);
        Assert.Equal(3, check.FirstBadSequence);
        Assert.Contains("cut off the end", check.Problem, StringComparison.Ordinal);

        // Cut and regrown: new entries at the old positions have other hashes, so the recorded head is still missing.
        var regrown = cut.Concat(Chain(5).Skip(2).Select(e => e with { TimeMs = e.TimeMs + 1 })).ToList();
        var relinked = new List<AuditEntry>();
        var (seq, hash) = (0L, AuditChain.Genesis);
        foreach (var e in regrown)
        {
            var l = AuditChain.Link(e, seq, hash);
            relinked.Add(l);
            (seq, hash) = (l.Sequence, l.Hash);
        }

        Assert.False((await AuditChain.VerifyAsync(relinked.ToAsyncEnumerable(), recorded, TestContext.Current.CancellationToken)).Valid);
    }
}
