using Arbiter.Core.Models;
using Arbiter.Core.Storage;
using Arbiter.Engine.Providers;
using Arbiter.Web.Arena;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Hosting;

/// <summary>What the host serves: the store (runs and battles), the arena's models and their client factory.</summary>
/// <param name="Store">The store (runs, battles, roster, audit log): SQLite or PostgreSQL.</param>
/// <param name="Models">The models that fight in the arena.</param>
public sealed record WebSetup(IArbiterStore Store, IReadOnlyList<ModelSpec> Models)
{
    /// <summary>Creates model clients (default: the OpenAI-compatible factory).</summary>
    public IChatClientFactory? Clients { get; init; }

    /// <summary>The prompt pool (default: <see cref="PromptPool.Default"/>).</summary>
    public IReadOnlyList<PoolPrompt>? Prompts { get; init; }

    /// <summary>Logging set-up (default: warnings and errors to the console).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>Residency policy for arena calls (null: the safe default). <c>arbiter serve</c> passes the config's.</summary>
    public Arbiter.Engine.Sovereignty.ResidencyPolicy? Policy { get; init; }

    /// <summary>The config's <c>arena.moderation</c>: prompts refused before a battle starts (default: none).</summary>
    public Arbiter.Engine.Arena.Moderation.ModerationRules Moderation { get; init; } = Arbiter.Engine.Arena.Moderation.ModerationRules.None;

    /// <summary>The config's <c>arena.notice</c>: terms of use / data notice a voter accepts before the first vote (null: none).</summary>
    public string? Notice { get; init; }

    /// <summary>Clock (tests).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The audit's tier-3 judge (the config's <c>audit.judge</c>): <c>/audit</c> combines its stored verdicts; null: tiers 1+2.</summary>
    public string? AuditJudge { get; init; }

    /// <summary>The config's <c>audit.judgeBelow</c>: which stored verdicts <c>/audit</c> combines (as <c>arbiter audit report</c> does).</summary>
    public double AuditJudgeBelow { get; init; } = Arbiter.Engine.Audit.Classification.AuditLabel.ConfidentAbove;
}

/// <summary>Host-wide facts the pages need.</summary>
/// <param name="Simulated">Show the simulation banner.</param>
/// <param name="Prompts">The prompt pool.</param>
internal sealed record WebState(bool Simulated, IReadOnlyList<PoolPrompt> Prompts);
