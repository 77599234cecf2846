using Arbiter.Engine.Arena.Integrity;

namespace Arbiter.Engine.Tests.Arena.Integrity;

public sealed class VoteLedgerTests
{
    private const long T0 = 1_700_000_000_000;

    // A vote 60 s after the answers started, on 1,000 characters: a human pace.
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static VoteFacts Vote(string voter, string client = "10.0.0.1", string prompt = "p", long at = T0, long started = T0 - 60_000, int chars = 1000,
        string? startedBy = null, string? battle = null) =>
        new(battle ?? Guid.NewGuid().ToString("N"), voter, client, prompt, startedBy ?? voter, started, at, chars);

    private static VoteLedger Ledger(VoteLimits limits, MemoryVoteClaims? store = null) => new(store ?? new MemoryVoteClaims(), limits, Secret, TimeSpan.FromHours(2));

    [Fact]
    public async Task A_human_paced_vote_counts_with_no_signal()
    {
        var ledger = Ledger(new VoteLimits());
        Assert.Equal(new VoteAssessment(VoteLimitHit.None, null), await ledger.AdmitAsync(Vote("web:a")));
    }

    [Fact]
    public async Task A_voter_over_the_limit_is_refused_until_the_window_slides_past()
    {
        var ledger = Ledger(new VoteLimits { PerVoter = 2 });
        Assert.Equal(VoteLimitHit.None, (await ledger.AdmitAsync(Vote("web:a", prompt: "1", at: T0))).Limit);
        Assert.Equal(VoteLimitHit.None, (await ledger.AdmitAsync(Vote("web:a", prompt: "2", at: T0 + 1))).Limit);

        Assert.Equal(VoteLimitHit.Voter, (await ledger.AdmitAsync(Vote("web:a", prompt: "3", at: T0 + 2))).Limit);
        Assert.Equal(VoteLimitHit.None, (await ledger.AdmitAsync(Vote("web:b", prompt: "3", at: T0 + 2))).Limit);
        Assert.Equal(VoteLimitHit.None, (await ledger.AdmitAsync(Vote("web:a", prompt: "4", at: T0 + 3_600_001))).Limit);
    }

    [Fact]
    public async Task New_cookies_from_one_address_meet_the_client_limit_and_raise_cookie_churn()
    {
        var ledger = Ledger(new VoteLimits { PerClient = 6, ChurnVoters = 3 });
        var signals = new List<string?>();
        for (var i = 0; i < 6; i++) signals.Add((await ledger.AdmitAsync(Vote($"web:{i}", prompt: $"q{i}", at: T0 + i))).Signals);

        Assert.Equal([null, null, "cookie-churn", "cookie-churn", "cookie-churn", "cookie-churn"], signals);
        Assert.Equal(VoteLimitHit.Client, (await ledger.AdmitAsync(Vote("web:fresh", at: T0 + 10))).Limit);
        Assert.Equal(VoteLimitHit.None, (await ledger.AdmitAsync(Vote("web:fresh", client: "10.0.0.2", at: T0 + 10))).Limit);
    }

    [Fact]
    public async Task A_signed_in_voter_from_many_addresses_raises_shared_sign_in_and_a_cookie_voter_does_not()
    {
        var ledger = Ledger(new VoteLimits { SharedSignInClients = 3 });
        var user = new List<string?>();
        var cookie = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            user.Add((await ledger.AdmitAsync(Vote("user:0123abcd", client: $"10.0.1.{i}", prompt: $"u{i}", at: T0 + i))).Signals);
            cookie.Add((await ledger.AdmitAsync(Vote("web:phone", client: $"10.0.2.{i}", prompt: $"c{i}", at: T0 + i))).Signals);
        }

        Assert.Equal([null, null, "shared-sign-in", "shared-sign-in"], user);
        Assert.All(cookie, Assert.Null);
        // The same address again adds no new place.
        Assert.Null((await Ledger(new VoteLimits { SharedSignInClients = 3 }).AdmitAsync(Vote("user:0123abcd", prompt: "x"))).Signals);
    }

    [Fact]
    public async Task A_vote_sooner_than_the_answers_could_be_skimmed_is_marked_fast()
    {
        var ledger = Ledger(new VoteLimits { SkimCharsPerSecond = 100, MinimumReadTime = TimeSpan.FromSeconds(2) });

        // 3,000 characters need 30 s at 100 chars/s; 5 s is a bot, 31 s a skimming human. Short answers still need 2 s.
        Assert.Equal("fast-vote", (await ledger.AdmitAsync(Vote("web:a", prompt: "1", started: T0 - 5_000, chars: 3000))).Signals);
        Assert.Null((await ledger.AdmitAsync(Vote("web:b", prompt: "2", started: T0 - 31_000, chars: 3000))).Signals);
        Assert.Equal("fast-vote", (await ledger.AdmitAsync(Vote("web:c", prompt: "3", started: T0 - 1_000, chars: 10))).Signals);
    }

    [Fact]
    public async Task The_same_prompt_from_many_voters_is_a_flood_whatever_the_spacing_or_case_of_the_first_line()
    {
        var ledger = Ledger(new VoteLimits { FloodPrompts = 3 });
        var signals = new List<string?>();
        for (var i = 0; i < 4; i++) signals.Add((await ledger.AdmitAsync(Vote($"web:{i}", client: $"10.0.1.{i}", prompt: i % 2 == 0 ? "Buy X now" : "  Buy X now\n"))).Signals);

        Assert.Equal([null, null, "prompt-flood", "prompt-flood"], signals);
    }

    [Fact]
    public async Task A_vote_with_another_voters_cookie_is_marked_and_signals_are_sorted()
    {
        var ledger = Ledger(new VoteLimits());
        Assert.Equal("fast-vote,voter-mismatch", (await ledger.AdmitAsync(Vote("web:thief", startedBy: "web:owner", started: T0))).Signals);
    }

    [Fact]
    public void Invalid_limits_name_their_field()
    {
        var errors = new VoteLimits { PerVoter = 0, SkimCharsPerSecond = double.NaN }.Validate();
        Assert.Contains(errors, e => e.Contains("VotesPerVoterPerHour", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("SkimCharsPerSecond", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_battle_is_admitted_once_and_a_refused_vote_leaves_it_open()
    {
        var ledger = Ledger(new VoteLimits { PerVoter = 1 });
        Assert.True((await ledger.AdmitAsync(Vote("web:a", battle: "b1"))).Accepted);
        Assert.True((await ledger.AdmitAsync(Vote("web:b", client: "10.0.0.2", battle: "b1"))).Replayed);

        // Over the limit: refused, not recorded, so the battle can still be voted on by someone with room.
        Assert.Equal(VoteLimitHit.Voter, (await ledger.AdmitAsync(Vote("web:a", battle: "b2", at: T0 + 1))).Limit);
        Assert.False(await ledger.IsVotedAsync("b2"));
        Assert.True((await ledger.AdmitAsync(Vote("web:c", client: "10.0.0.3", battle: "b2", at: T0 + 2))).Accepted);
    }

    [Fact]
    public async Task The_store_sees_neither_the_address_nor_the_prompt_and_hashes_depend_on_the_secret()
    {
        var store = new MemoryVoteClaims();
        await Ledger(new VoteLimits(), store).AdmitAsync(Vote("web:a", client: "203.0.113.7", prompt: "my secret prompt", battle: "b1"));
        await new VoteLedger(store, new VoteLimits(), [.. Enumerable.Repeat((byte)9, 32)], TimeSpan.FromHours(2))
            .AdmitAsync(Vote("web:a", client: "203.0.113.7", prompt: "my secret prompt", battle: "b2"));

        var (first, second) = (store.Claims[0], store.Claims[1]);
        Assert.DoesNotContain("203.0.113.7", first.ClientHash, StringComparison.Ordinal);
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("203.0.113.7"u8), 0, 16), first.ClientHash);
        Assert.NotEqual(first.ClientHash, second.ClientHash);
        Assert.NotEqual(first.PromptHash, second.PromptHash);
    }
}
