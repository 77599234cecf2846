using Arbiter.Web.Hosting;
using Arbiter.Web.Rendering;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Arena;

/// <summary>One side's latest answer as the voter saw it stream.</summary>
/// <param name="Side"><c>a</c> or <c>b</c>.</param>
/// <param name="Text">The answer as the model wrote it (for Copy; the page hides <c>&lt;think&gt;</c> blocks).</param>
/// <param name="Html">The answer rendered and sanitised on the server, as the stream's <c>done</c> event carries it.</param>
public sealed record AnswerView(string Side, string Text, string Html);

/// <summary>
/// A battle as its token holder may see it before the vote: where it stands and the latest turn's answers, never the
/// models' names (the arena is blind until the vote's receipt).
/// </summary>
/// <param name="BattleId">The battle.</param>
/// <param name="Stage"><c>pending</c>, <c>streaming</c>, <c>ready</c>, <c>failed</c>, <c>stopped</c>, <c>voting</c> or <c>voted</c>.</param>
/// <param name="Turn">Turns answered so far.</param>
/// <param name="CanVote">Whether a vote would be taken now.</param>
/// <param name="CanFollowUp">Whether a follow-up would be taken now.</param>
/// <param name="CanRegenerate">Whether a regenerate would be taken now.</param>
/// <param name="Answers">The latest turn's answers (both sides) once answered; empty while answering, or when it failed or was stopped.</param>
public sealed record BattleView(string BattleId, string Stage, int Turn, bool CanVote, bool CanFollowUp, bool CanRegenerate, IReadOnlyList<AnswerView> Answers);

/// <summary>
/// Reads a battle's current state for its page: behind a load balancer the turn may have been answered on another node,
/// whose stream this page could not read, so the page loads the finished turn from here instead.
/// </summary>
internal sealed class BattleViews(SharedBattleStates states, BattleTokens tokens, MarkdownRenderer markdown, IOptions<ArbiterWebOptions> options)
{
    /// <summary>The battle's view; <c>BadToken</c> when the token is not this battle's (or expired); null view and false when unknown.</summary>
    public async Task<(BattleView? View, bool BadToken)> ViewAsync(string battleId, string? token, CancellationToken cancellationToken = default)
    {
        // The token must be this battle's, as for every other action on it: a battle id alone (it travels in stream URLs) shows nothing.
        if (tokens.Verify(token, out var id) != TokenCheck.Valid || id != battleId) return (null, true);
        if (await states.AcquireAsync(id, cancellationToken).ConfigureAwait(false) is not { } battle) return (null, false);
        BattleStage stage;
        int turns;
        string? a = null, b = null;
        bool regenerable;
        lock (battle.Gate)
        {
            (stage, turns) = (battle.Stage, battle.Turns);
            regenerable = stage is (BattleStage.Ready or BattleStage.Failed or BattleStage.Stopped) && battle.ConversationA.Count > 0;
            // Only a finished turn's answers: a failed or stopped one keeps the prompt last (nothing answered to show).
            if (stage is (BattleStage.Ready or BattleStage.Voting or BattleStage.Voted) && battle.ConversationA is [.., { Role: "assistant" } lastA] &&
                battle.ConversationB is [.., { Role: "assistant" } lastB])
            {
                (a, b) = (lastA.Content, lastB.Content);
            }
        }

        var answers = a is null || b is null ? [] : new[] { new AnswerView("a", a, markdown.Render(a)), new AnswerView("b", b, markdown.Render(b)) };
        var ready = stage == BattleStage.Ready;
        return (new BattleView(id, stage.ToString().ToLowerInvariant(), turns, ready, ready && turns < options.Value.MaxTurns, regenerable, answers), false);
    }
}
