namespace Arbiter.Core.Labelling;

/// <summary>Persistence for labelling tasks, invites, labels and adjudications. Implemented by both run stores.</summary>
public interface ILabellingStore
{
    /// <summary>Stores a task with its items in one transaction; false (nothing stored) when the id exists.</summary>
    Task<bool> CreateLabellingTaskAsync(LabellingTask task, IReadOnlyList<LabellingItem> items, CancellationToken cancellationToken = default);

    /// <summary>All tasks, newest first.</summary>
    IAsyncEnumerable<LabellingTask> ReadLabellingTasksAsync(CancellationToken cancellationToken = default);

    /// <summary>The items of a task in <see cref="LabellingItem.Position"/> order.</summary>
    IAsyncEnumerable<LabellingItem> ReadLabellingItemsAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Stores an invite; false when the labeller already has one in this task or the token hash is taken.</summary>
    Task<bool> AddLabellerInviteAsync(LabellerInvite invite, CancellationToken cancellationToken = default);

    /// <summary>Revokes a labeller's invite (their labels stay); false when there is no such active invite.</summary>
    Task<bool> RevokeLabellerInviteAsync(string taskId, string labeller, long atMs, CancellationToken cancellationToken = default);

    /// <summary>The invites of a task (revoked ones included), by labeller.</summary>
    IAsyncEnumerable<LabellerInvite> ReadLabellerInvitesAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>The invite with this token hash (revoked or not), or null.</summary>
    Task<LabellerInvite?> FindLabellerInviteAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>Stores a labeller's answer for an item, replacing an earlier one.</summary>
    Task SetItemLabelAsync(ItemLabel label, CancellationToken cancellationToken = default);

    /// <summary>Every answer of a task, by item then labeller.</summary>
    IAsyncEnumerable<ItemLabel> ReadItemLabelsAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Stores the final label of an item, replacing an earlier decision.</summary>
    Task SetAdjudicationAsync(Adjudication adjudication, CancellationToken cancellationToken = default);

    /// <summary>Every decision of a task, by item.</summary>
    IAsyncEnumerable<Adjudication> ReadAdjudicationsAsync(string taskId, CancellationToken cancellationToken = default);
}
