namespace Arbiter.Core.Arena;

/// <summary>
/// Which battles an operator voids: every battle of one voter, every battle in a time window, or the
/// battles of one voter inside a window. At least one of <see cref="Judge"/>, <see cref="FromMs"/> and
/// <see cref="ToMs"/> must be set, so a void never silently covers the whole store.
/// </summary>
/// <param name="Reason">Why (shown to operators and carried in the export).</param>
/// <param name="AtMs">When the operator voided, UTC unix milliseconds.</param>
public sealed record BattleVoid(string Reason, long AtMs)
{
    /// <summary>Only battles decided by this voter (the battle's judge, e.g. <c>web:…</c>).</summary>
    public string? Judge { get; init; }

    /// <summary>Only battles cast at or after this time (UTC unix ms).</summary>
    public long? FromMs { get; init; }

    /// <summary>Only battles cast before this time (UTC unix ms).</summary>
    public long? ToMs { get; init; }

    /// <summary>True when the selection names a voter or a window (what a store accepts).</summary>
    public bool IsBounded => Judge is not null || FromMs is not null || ToMs is not null;
}

/// <summary>One operator void as the store keeps it: the battles voided at one moment for one reason.</summary>
/// <param name="AtMs">When the operator voided, UTC unix ms (with <paramref name="Reason"/>, what names the void).</param>
/// <param name="Reason">The reason given.</param>
/// <param name="Battles">How many battles it covers now.</param>
public sealed record VoidedGroup(long AtMs, string Reason, int Battles);

/// <summary>A prompt refused by the arena's moderation before any model saw it.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="AtMs">When, UTC unix milliseconds.</param>
/// <param name="Voter">The voter who typed it.</param>
/// <param name="Rule">What matched: <c>blocklist: term</c>, <c>pattern 2</c>, <c>model: model-id</c>, ….</param>
/// <param name="Excerpt">The start of the prompt when the operator stores conversations, else its <c>sha256:</c> hash.</param>
/// <param name="Length">The prompt's length in characters.</param>
public sealed record BlockedPrompt(string Id, long AtMs, string Voter, string Rule, string Excerpt, int Length);

/// <summary>The operator's tools against vote fraud and abuse: voiding battles and the log of blocked prompts.</summary>
public interface IArenaIntegrityStore
{
    /// <summary>
    /// Marks the battles <paramref name="selection"/> covers as voided (kept, excluded by
    /// <see cref="BattleFilter.ExcludeVoided"/>); battles voided already keep their first reason. Returns how many were voided now.
    /// </summary>
    /// <exception cref="ArgumentException">The selection names neither a voter nor a window.</exception>
    Task<int> VoidBattlesAsync(BattleVoid selection, CancellationToken cancellationToken = default);

    /// <summary>The voids in the store, newest first.</summary>
    IAsyncEnumerable<VoidedGroup> ReadVoidsAsync(CancellationToken cancellationToken = default);

    /// <summary>Undoes one void: its battles count again. Returns how many were restored (0: no such void).</summary>
    Task<int> UndoVoidAsync(long atMs, string reason, CancellationToken cancellationToken = default);

    /// <summary>Records a blocked prompt.</summary>
    Task AddBlockedPromptAsync(BlockedPrompt prompt, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> blocked prompts, newest first.</summary>
    IAsyncEnumerable<BlockedPrompt> ReadBlockedPromptsAsync(int limit, CancellationToken cancellationToken = default);
}
