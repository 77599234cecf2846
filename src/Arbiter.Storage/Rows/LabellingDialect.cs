using System.Data.Common;
using Arbiter.Core.Labelling;

namespace Arbiter.Storage.Rows;

/// <summary>
/// <see cref="ILabellingStore"/> written once for both stores (the SQL is the same in both dialects): a store
/// supplies only how it runs statements in one transaction and how it streams rows of a parameterised query.
/// </summary>
internal interface ILabellingDialect : ILabellingStore
{
    /// <summary>Runs the statements in one transaction; returns the row count of each.</summary>
    Task<int[]> WriteLabellingAsync(string operation, IReadOnlyList<(string Sql, (string Name, object Value)[] Parameters)> statements, CancellationToken cancellationToken);

    /// <summary>Streams the rows of a query.</summary>
    IAsyncEnumerable<T> QueryLabellingAsync<T>(string operation, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    async Task<bool> ILabellingStore.CreateLabellingTaskAsync(LabellingTask task, IReadOnlyList<LabellingItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(items);
        // An existing id must leave everything as it was: probe first; the primary key still guards a race (the insert of items then fails and rolls back).
        await foreach (var _ in QueryLabellingAsync("find labelling task", "SELECT 1 FROM labelling_tasks WHERE task_id = @task", [("@task", task.TaskId)], r => 1, cancellationToken))
        {
            return false;
        }

        var statements = new List<(string, (string, object)[])> { StoredLabelling.Task(task) };
        statements.AddRange(items.Select(i => StoredLabelling.Item(task.TaskId, i)));
        var counts = await WriteLabellingAsync("create labelling task", statements, cancellationToken);
        return counts[0] > 0;
    }

    IAsyncEnumerable<LabellingTask> ILabellingStore.ReadLabellingTasksAsync(CancellationToken cancellationToken) =>
        QueryLabellingAsync("read labelling tasks", StoredLabelling.ReadTasks, [], StoredLabelling.ReadTask, cancellationToken);

    IAsyncEnumerable<LabellingItem> ILabellingStore.ReadLabellingItemsAsync(string taskId, CancellationToken cancellationToken) =>
        QueryLabellingAsync("read labelling items", StoredLabelling.ReadItems, [("@task", taskId)], StoredLabelling.ReadItem, cancellationToken);

    async Task<bool> ILabellingStore.AddLabellerInviteAsync(LabellerInvite invite, CancellationToken cancellationToken) =>
        (await WriteLabellingAsync("add labeller invite", [StoredLabelling.Invite(invite)], cancellationToken))[0] > 0;

    async Task<bool> ILabellingStore.RevokeLabellerInviteAsync(string taskId, string labeller, long atMs, CancellationToken cancellationToken) =>
        (await WriteLabellingAsync("revoke labeller invite", [StoredLabelling.RevokeInvite(taskId, labeller, atMs)], cancellationToken))[0] > 0;

    IAsyncEnumerable<LabellerInvite> ILabellingStore.ReadLabellerInvitesAsync(string taskId, CancellationToken cancellationToken) =>
        QueryLabellingAsync("read labeller invites", StoredLabelling.ReadInvites, [("@task", taskId)], StoredLabelling.ReadInvite, cancellationToken);

    async Task<LabellerInvite?> ILabellingStore.FindLabellerInviteAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await foreach (var invite in QueryLabellingAsync("find labeller invite", StoredLabelling.FindInvite, [("@hash", tokenHash)], StoredLabelling.ReadInvite, cancellationToken))
        {
            return invite;
        }

        return null;
    }

    Task ILabellingStore.SetItemLabelAsync(ItemLabel label, CancellationToken cancellationToken) =>
        WriteLabellingAsync("set item label", [StoredLabelling.Label(label)], cancellationToken);

    IAsyncEnumerable<ItemLabel> ILabellingStore.ReadItemLabelsAsync(string taskId, CancellationToken cancellationToken) =>
        QueryLabellingAsync("read item labels", StoredLabelling.ReadLabels, [("@task", taskId)], StoredLabelling.ReadLabel, cancellationToken);

    Task ILabellingStore.SetAdjudicationAsync(Adjudication adjudication, CancellationToken cancellationToken) =>
        WriteLabellingAsync("set adjudication", [StoredLabelling.Adjudicate(adjudication)], cancellationToken);

    IAsyncEnumerable<Adjudication> ILabellingStore.ReadAdjudicationsAsync(string taskId, CancellationToken cancellationToken) =>
        QueryLabellingAsync("read adjudications", StoredLabelling.ReadAdjudications, [("@task", taskId)], StoredLabelling.ReadAdjudication, cancellationToken);
}
