using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Arbiter.Core.Labelling;
using Arbiter.Statistics.Bootstrap;
using CsvHelper;

namespace Arbiter.Engine.Labelling;

/// <summary>
/// The labelling workbench's logic: tasks from stratified samples, personal invite tokens (only their
/// SHA-256 is stored), blind labelling, adjudication, agreement and export. Web and Cli only adapt it.
/// </summary>
public sealed class LabellingService(ILabellingStore store, TimeProvider time)
{
    /// <summary>The audit registers, the default label set.</summary>
    public static IReadOnlyList<string> Registers { get; } = ["refusal", "deflection", "partial", "propaganda", "answer"];

    /// <summary>Creates a task of at most <paramref name="size"/> items drawn by <see cref="StratifiedSample"/>.</summary>
    /// <exception cref="LabellingException">No candidates, a bad name or a bad label set.</exception>
    public async Task<LabellingTask> CreateTaskAsync(string name, IReadOnlyList<string>? labels, IReadOnlyList<LabellingCandidate> candidates, int size, ulong seed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (string.IsNullOrWhiteSpace(name)) throw new LabellingException("name: give the task a name");
        var set = (labels is { Count: > 0 } ? labels : Registers).Select(l => l.Trim()).ToList();
        if (set.Any(string.IsNullOrEmpty) || set.Distinct(StringComparer.Ordinal).Count() != set.Count || set.Count < 2)
        {
            throw new LabellingException("labels: at least two distinct, non-empty labels");
        }

        if (size < 1) throw new LabellingException($"size must be at least 1, not {size}");
        if (candidates.Count == 0) throw new LabellingException("no stored samples to label: run an audit first");
        var items = StratifiedSample.Select(candidates, size, seed);
        var task = new LabellingTask(NewId(), name.Trim(), set, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!await store.CreateLabellingTaskAsync(task, items, cancellationToken).ConfigureAwait(false)) throw new LabellingException("task id collision; try again");
        return task;
    }

    /// <summary>Invites a labeller; returns the token, which exists nowhere else (show it once, as a link).</summary>
    public async Task<string> InviteAsync(string taskId, string labeller, CancellationToken cancellationToken = default)
    {
        await TaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        labeller = labeller?.Trim() ?? "";
        if (labeller.Length is 0 or > 80) throw new LabellingException("labeller: a name of 1 to 80 characters");
        if (string.Equals(labeller, LabelRecord.Classifier, StringComparison.OrdinalIgnoreCase) || string.Equals(labeller, LabelRecord.Adjudicated, StringComparison.OrdinalIgnoreCase))
        {
            throw new LabellingException($"labeller: '{labeller}' is reserved");
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var invite = new LabellerInvite(taskId, labeller, Hash(token), time.GetUtcNow().ToUnixTimeMilliseconds(), null);
        if (!await store.AddLabellerInviteAsync(invite, cancellationToken).ConfigureAwait(false)) throw new LabellingException($"labeller '{labeller}' is already invited");
        return token;
    }

    /// <summary>Revokes a labeller's link; their labels stay. False when there was no active invite.</summary>
    public Task<bool> RevokeAsync(string taskId, string labeller, CancellationToken cancellationToken = default) =>
        store.RevokeLabellerInviteAsync(taskId, labeller, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>The session of an invite token, or null when it is unknown or revoked.</summary>
    public async Task<LabellerSession?> OpenAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var invite = await store.FindLabellerInviteAsync(Hash(token), cancellationToken).ConfigureAwait(false);
        if (invite is null || invite.RevokedAtMs is not null) return null;
        var task = await FindTaskAsync(invite.TaskId, cancellationToken).ConfigureAwait(false);
        return task is null ? null : new LabellerSession(task, invite.Labeller);
    }

    /// <summary>The labeller's blind items, answers and next item.</summary>
    public async Task<LabellerWork> WorkAsync(LabellerSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var items = new List<BlindItem>();
        await foreach (var i in store.ReadLabellingItemsAsync(session.Task.TaskId, cancellationToken).ConfigureAwait(false)) items.Add(new BlindItem(i.ItemId, i.Position, i.Prompt, i.Reply));
        var mine = new Dictionary<string, ItemLabel>(StringComparer.Ordinal);
        await foreach (var l in store.ReadItemLabelsAsync(session.Task.TaskId, cancellationToken).ConfigureAwait(false))
        {
            if (l.Labeller == session.Labeller) mine[l.ItemId] = l;
        }

        return new LabellerWork(session, items, mine, items.FirstOrDefault(i => !mine.ContainsKey(i.ItemId)));
    }

    /// <summary>Stores a label (or a skip when <paramref name="label"/> is null) for an item of the session's task.</summary>
    public async Task LabelAsync(LabellerSession session, string itemId, string? label, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (label is not null && !session.Task.Labels.Contains(label, StringComparer.Ordinal))
        {
            throw new LabellingException($"label '{label}' is not in this task's set ({string.Join(", ", session.Task.Labels)})");
        }

        await RequireItemAsync(session.Task.TaskId, itemId, cancellationToken).ConfigureAwait(false);
        await store.SetItemLabelAsync(new ItemLabel(session.Task.TaskId, itemId, session.Labeller, label, Note(note), time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every item with its labels and decision, for the adjudication view.</summary>
    public async Task<IReadOnlyList<AdjudicationRow>> AdjudicationAsync(string taskId, CancellationToken cancellationToken = default)
    {
        await TaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        var labels = new List<ItemLabel>();
        await foreach (var l in store.ReadItemLabelsAsync(taskId, cancellationToken).ConfigureAwait(false)) labels.Add(l);
        var byItem = labels.ToLookup(l => l.ItemId, StringComparer.Ordinal);
        var decisions = new Dictionary<string, Adjudication>(StringComparer.Ordinal);
        await foreach (var a in store.ReadAdjudicationsAsync(taskId, cancellationToken).ConfigureAwait(false)) decisions[a.ItemId] = a;
        var rows = new List<AdjudicationRow>();
        await foreach (var i in store.ReadLabellingItemsAsync(taskId, cancellationToken).ConfigureAwait(false))
        {
            var its = byItem[i.ItemId].ToList();
            var decision = decisions.GetValueOrDefault(i.ItemId);
            var given = its.Where(l => l.Label is not null).Select(l => l.Label!).ToList();
            var unanimous = given.Count >= 2 && given.Distinct(StringComparer.Ordinal).Count() == 1 ? given[0] : null;
            rows.Add(new AdjudicationRow(i, its, decision, decision?.Label ?? unanimous));
        }

        return rows;
    }

    /// <summary>Records the final label of an item.</summary>
    public async Task AdjudicateAsync(string taskId, string itemId, string label, string adjudicator, string? note, CancellationToken cancellationToken = default)
    {
        var task = await TaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        if (!task.Labels.Contains(label, StringComparer.Ordinal)) throw new LabellingException($"label '{label}' is not in this task's set");
        await RequireItemAsync(taskId, itemId, cancellationToken).ConfigureAwait(false);
        await store.SetAdjudicationAsync(new Adjudication(taskId, itemId, label, adjudicator, Note(note), time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Agreement of the task's labellers, and of each of them and the classifier with the final label (the
    /// decision, else the labellers' unanimous label — see <see cref="AdjudicationRow.Final"/>); null before any label.
    /// </summary>
    public async Task<LabelAgreementReport?> AgreementAsync(string taskId, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var task = await TaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        var rows = await AdjudicationAsync(taskId, cancellationToken).ConfigureAwait(false);
        var records = rows.SelectMany(r => r.Labels).Where(l => l.Label is not null).Select(l => new LabelRecord(l.ItemId, l.Labeller, l.Label!)).ToList();
        if (records.Count == 0) return null;
        foreach (var r in rows)
        {
            if (r.Final is { } final) records.Add(new LabelRecord(r.Item.ItemId, LabelRecord.Adjudicated, final));
            // The classifier joins only where its label is one a labeller could pick (a custom set may not hold registers).
            if (r.Item.Predicted is { } p && task.Labels.Contains(p, StringComparer.Ordinal)) records.Add(new LabelRecord(r.Item.ItemId, LabelRecord.Classifier, p));
        }

        return LabelAgreement.Compute(records, options);
    }

    /// <summary>
    /// Writes the final labels as <c>text,label,prompt,language,group</c> CSV (group = the model), the shape
    /// <c>audit validate</c> and <c>audit train</c> read. Items without a final label are left out; returns how many were written.
    /// </summary>
    public async Task<int> ExportAsync(string taskId, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var rows = await AdjudicationAsync(taskId, cancellationToken).ConfigureAwait(false);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "text", "label", "prompt", "language", "group" }) csv.WriteField(h);
        await csv.NextRecordAsync().ConfigureAwait(false);
        int n = 0;
        foreach (var r in rows.Where(r => r.Final is not null))
        {
            csv.WriteField(r.Item.Reply);
            csv.WriteField(r.Final);
            csv.WriteField(r.Item.Prompt);
            csv.WriteField(r.Item.Language ?? "");
            csv.WriteField(r.Item.Model ?? "");
            await csv.NextRecordAsync().ConfigureAwait(false);
            n++;
        }

        await csv.FlushAsync().ConfigureAwait(false);
        return n;
    }

    /// <summary>The task with this id.</summary>
    /// <exception cref="LabellingException">There is none.</exception>
    public async Task<LabellingTask> TaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        await FindTaskAsync(taskId, cancellationToken).ConfigureAwait(false) ?? throw new LabellingException($"no labelling task '{taskId}'");

    /// <summary>All tasks, newest first.</summary>
    public IAsyncEnumerable<LabellingTask> TasksAsync(CancellationToken cancellationToken = default) => store.ReadLabellingTasksAsync(cancellationToken);

    /// <summary>The invites of a task (hashes only).</summary>
    public IAsyncEnumerable<LabellerInvite> InvitesAsync(string taskId, CancellationToken cancellationToken = default) => store.ReadLabellerInvitesAsync(taskId, cancellationToken);

    /// <summary>Lower-case hex SHA-256 of a token: what is stored.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? "")));

    private async Task<LabellingTask?> FindTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        await foreach (var t in store.ReadLabellingTasksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (t.TaskId == taskId) return t;
        }

        return null;
    }

    private async Task RequireItemAsync(string taskId, string itemId, CancellationToken cancellationToken)
    {
        await foreach (var i in store.ReadLabellingItemsAsync(taskId, cancellationToken).ConfigureAwait(false))
        {
            if (i.ItemId == itemId) return;
        }

        throw new LabellingException($"no item '{itemId}' in task '{taskId}'");
    }

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 2000)];

    private static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(9));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
