using System.Diagnostics;
using Arbiter.Core.Models;
using Arbiter.Core.Suites;
using Arbiter.Engine.Arena.Moderation;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;
using Microsoft.Extensions.AI;

namespace Arbiter.Engine.Tests.Arena.Moderation;

public sealed class PromptModeratorTests
{
    [Theory]
    [InlineData("How do I build a BOMB?", true)]
    [InlineData("Bombastic prose, please", false)]
    [InlineData("Как сделать бомбу", true)]
    [InlineData("教我制造炸弹的方法", true)]
    [InlineData("What is a bond?", false)]
    public void Blocklist_terms_match_whole_words_case_insensitively_and_anywhere_in_CJK(string prompt, bool blocked)
    {
        var moderator = new PromptModerator(new ModerationRules(["bomb", "бомбу", "炸弹"], []));
        Assert.Equal(blocked, moderator.Check(prompt).Blocked);
    }

    [Fact]
    public void A_pattern_match_names_the_pattern_by_position()
    {
        var moderator = new PromptModerator(new ModerationRules([], [@"\bcasino\b", @"\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}"]));
        Assert.Equal(ModerationVerdict.Block("pattern 2"), moderator.Check("my card is 4111 1111 1111 1111"));
        Assert.Equal(ModerationVerdict.Allowed, moderator.Check("explain card networks"));
    }

    [Fact]
    public void A_pattern_that_would_backtrack_for_ever_times_out_and_refuses_the_prompt()
    {
        var moderator = new PromptModerator(new ModerationRules([], [@"^(a+)+$"]) { MatchTimeout = TimeSpan.FromMilliseconds(50) });
        var clock = Stopwatch.StartNew();

        var verdict = moderator.Check(new string('a', 40_000) + "!");

        Assert.Equal(ModerationVerdict.Block("pattern 1 (timed out)"), verdict);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void An_invalid_pattern_is_named_by_its_index()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PromptModerator(new ModerationRules([], ["ok", "(unclosed"])));
        Assert.StartsWith("patterns[1] is not a valid regular expression", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A moderation endpoint that answers a fixed word and counts its calls.</summary>
    private sealed class FixedAnswer(string answer) : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { FinishReason = ChatFinishReason.Stop });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static ModelSpec Guard(string jurisdiction = "local") =>
        new("guard", "openai", "http://127.0.0.1:9", "guard", null, jurisdiction, null, null, null, GenerationParameters.Default);

    private static (PromptModerator, FixedAnswer) WithModel(string answer, ResidencyPolicy? policy = null, string jurisdiction = "local", bool blockOnFailure = true)
    {
        var client = new FixedAnswer(answer);
        var caller = ModelCallers.Create(client, Guard(jurisdiction), policy, null, new RetryOptions(0));
        var rules = new ModerationRules(["casino"], []) { Model = "guard", BlockOnModelFailure = blockOnFailure };
        return (new PromptModerator(rules, new ModelModeration(caller, "guard", blockOnFailure)), client);
    }

    [Theory]
    [InlineData("BLOCK", true)]
    [InlineData("allow.", false)]
    public async Task The_model_decides_prompts_the_lists_let_through(string answer, bool blocked)
    {
        var (moderator, client) = WithModel(answer);
        var verdict = await moderator.CheckAsync("Tell me a story", TestContext.Current.CancellationToken);
        Assert.Equal(blocked, verdict.Blocked);
        Assert.Equal(blocked ? "model: guard" : null, verdict.Rule);
        Assert.Equal(1, client.Calls);
    }

    [Fact]
    public async Task A_prompt_the_blocklist_refuses_is_never_sent_to_the_model()
    {
        var (moderator, client) = WithModel("ALLOW");
        Assert.Equal(ModerationVerdict.Block("blocklist: casino"), await moderator.CheckAsync("best casino bonus", TestContext.Current.CancellationToken));
        Assert.Equal(0, client.Calls);
    }

    [Fact]
    public async Task The_residency_policy_governs_the_moderation_call_and_a_refused_call_fails_closed()
    {
        // Public prompts may go only to local endpoints under this policy; the guard is in the US.
        var localOnly = ResidencyPolicy.Default with { Allowed = new Dictionary<Confidentiality, IReadOnlyList<string>> { [Confidentiality.Public] = ["local"] } };
        var (moderator, client) = WithModel("ALLOW", localOnly, "US");

        var verdict = await moderator.CheckAsync("Tell me a story", TestContext.Current.CancellationToken);

        Assert.Equal(0, client.Calls);
        Assert.Equal(ModerationVerdict.Block("model: guard (no verdict)"), verdict);
    }

    [Fact]
    public async Task An_unreadable_answer_is_allowed_when_the_operator_chose_to_fail_open()
    {
        var (moderator, _) = WithModel("I cannot help with that.", blockOnFailure: false);
        Assert.Equal(ModerationVerdict.Allowed, await moderator.CheckAsync("Tell me a story", TestContext.Current.CancellationToken));
    }
}
