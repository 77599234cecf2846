using Arbiter.Engine.Arena.Integrity;

namespace Arbiter.Engine.Tests.Arena.Integrity;

public sealed class VoteLedgerTests
{
    private const long T0 = 1_700_000_000_000;

    // A vote 60 s after the answers started, on 1,000 characters: a human pace.
    private static VoteFacts Vote(string voter, string client = "10.0.0.1", string prompt = "p", long at = T0, long started = T0 - 60_000, int chars = 1000, string? startedBy = null) =>
        new(voter, client, prompt, startedBy ?? voter, started, at, chars);

    [Fact]
    public void A_human_paced_vote_counts_with_no_signal()
    {
        var ledger = new VoteLedger(new VoteLimits());
        Assert.Equal(new VoteAssessment(VoteLimitHit.None, null), ledger.Admit(Vote("web:a")));
    }

    [Fact]
    public void A_voter_over_the_limit_is_refused_until_the_window_slides_past()
    {
        var ledger = new VoteLedger(new VoteLimits { PerVoter = 2 });
        Assert.Equal(VoteLimitHit.None, ledger.Admit(Vote("web:a", prompt: "1", at: T0)).Limit);
        Assert.Equal(VoteLimitHit.None, ledger.Admit(Vote("web:a", prompt: "2", at: T0 + 1)).Limit);

        Assert.Equal(VoteLimitHit.Voter, ledger.Admit(Vote("web:a", prompt: "3", at: T0 + 2)).Limit);
        Assert.Equal(VoteLimitHit.None, ledger.Admit(Vote("web:b", prompt: "3", at: T0 + 2)).Limit);
        Assert.Equal(VoteLimitHit.None, ledger.Admit(Vote("web:a", prompt: "4", at: T0 + 3_600_001)).Limit);
    }

    [Fact]
    public void New_cookies_from_one_address_meet_the_client_limit_and_raise_cookie_churn()
    {
        var ledger = new VoteLedger(new VoteLimits { PerClient = 6, ChurnVoters = 3 });
        var signals = Enumerable.Range(0, 6).Select(i => ledger.Admit(Vote($"web:{i}", prompt: $"q{i}", at: T0 + i)).Signals).ToList();

        Assert.Equal([null, null, "cookie-churn", "cookie-churn", "cookie-churn", "cookie-churn"], signals);
        Assert.Equal(VoteLimitHit.Client, ledger.Admit(Vote("web:fresh", at: T0 + 10)).Limit);
        Assert.Equal(VoteLimitHit.None, ledger.Admit(Vote("web:fresh", client: "10.0.0.2", at: T0 + 10)).Limit);
    }

    [Fact]
    public void A_vote_sooner_than_the_answers_could_be_skimmed_is_marked_fast()
    {
        var ledger = new VoteLedger(new VoteLimits { SkimCharsPerSecond = 100, MinimumReadTime = TimeSpan.FromSeconds(2) });

        // 3,000 characters need 30 s at 100 chars/s; 5 s is a bot, 31 s a skimming human. Short answers still need 2 s.
        Assert.Equal("fast-vote", ledger.Admit(Vote("web:a", prompt: "1", started: T0 - 5_000, chars: 3000)).Signals);
        Assert.Null(ledger.Admit(Vote("web:b", prompt: "2", started: T0 - 31_000, chars: 3000)).Signals);
        Assert.Equal("fast-vote", ledger.Admit(Vote("web:c", prompt: "3", started: T0 - 1_000, chars: 10)).Signals);
    }

    [Fact]
    public void The_same_prompt_from_many_voters_is_a_flood_whatever_the_spacing_or_case_of_the_first_line()
    {
        var ledger = new VoteLedger(new VoteLimits { FloodPrompts = 3 });
        var signals = Enumerable.Range(0, 4).Select(i => ledger.Admit(Vote($"web:{i}", client: $"10.0.1.{i}", prompt: i % 2 == 0 ? "Buy X now" : "  Buy X now\n")).Signals).ToList();

        Assert.Equal([null, null, "prompt-flood", "prompt-flood"], signals);
    }

    [Fact]
    public void A_vote_with_another_voters_cookie_is_marked_and_signals_are_sorted()
    {
        var ledger = new VoteLedger(new VoteLimits());
        Assert.Equal("fast-vote,voter-mismatch", ledger.Admit(Vote("web:thief", startedBy: "web:owner", started: T0)).Signals);
    }

    [Fact]
    public void Invalid_limits_name_their_field()
    {
        var errors = new VoteLimits { PerVoter = 0, SkimCharsPerSecond = double.NaN }.Validate();
        Assert.Contains(errors, e => e.Contains("VotesPerVoterPerHour", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("SkimCharsPerSecond", StringComparison.Ordinal));
    }

    [Fact]
    public void Restored_votes_count_against_their_voter_only_and_slide_out_of_the_window()
    {
        var ledger = new VoteLedger(new VoteLimits { PerVoter = 2, PerClient = 1, FloodPrompts = 2 });
        ledger.Restore("web:a", T0 - 1_000);
        ledger.Restore("web:a", T0 - 500);

        Assert.Equal(VoteLimitHit.Voter, ledger.Admit(Vote("web:a", at: T0)).Limit);
        // No client or prompt was stored with them: another voter on any address, with any prompt, is unaffected.
        Assert.Equal(new VoteAssessment(VoteLimitHit.None, null), ledger.Admit(Vote("web:b", prompt: "p", at: T0)));
        Assert.Equal(VoteLimitHit.None, ledger.Admit(Vote("web:a", client: "10.0.0.9", prompt: "later", at: T0 + 3_600_000)).Limit);
    }
}
