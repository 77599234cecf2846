using System.Data.Common;
using System.Text.Json;
using Arbiter.Core.Labelling;

namespace Arbiter.Storage.Rows;

/// <summary>Statements and row mapping of the labelling tables, shared by both dialects (<c>@name</c> parameters, same SQL).</summary>
internal static class StoredLabelling
{
    public const string ReadTasks = "SELECT task_id, name, labels_json, created_at_ms FROM labelling_tasks ORDER BY created_at_ms DESC, task_id";

    public const string ReadItems =
        "SELECT item_id, position, prompt, reply, model, topic, language, predicted FROM labelling_items WHERE task_id = @task ORDER BY position, item_id";

    public const string ReadInvites =
        "SELECT task_id, labeller, token_hash, created_at_ms, revoked_at_ms FROM labelling_invites WHERE task_id = @task ORDER BY labeller";

    public const string FindInvite =
        "SELECT task_id, labeller, token_hash, created_at_ms, revoked_at_ms FROM labelling_invites WHERE token_hash = @hash";

    public const string ReadLabels =
        "SELECT task_id, item_id, labeller, label, note, at_ms FROM labelling_labels WHERE task_id = @task ORDER BY item_id, labeller";

    public const string ReadAdjudications =
        "SELECT task_id, item_id, label, adjudicator, note, at_ms FROM labelling_adjudications WHERE task_id = @task ORDER BY item_id";

    private const string InsertTask =
        "INSERT INTO labelling_tasks (task_id, name, labels_json, created_at_ms) VALUES (@task, @name, @labels, @at) ON CONFLICT (task_id) DO NOTHING";

    private const string InsertItem =
        "INSERT INTO labelling_items (task_id, item_id, position, prompt, reply, model, topic, language, predicted) " +
        "VALUES (@task, @item, @pos, @prompt, @reply, @model, @topic, @lang, @pred)";

    private const string InsertInvite =
        "INSERT INTO labelling_invites (task_id, labeller, token_hash, created_at_ms, revoked_at_ms) VALUES (@task, @who, @hash, @at, NULL) ON CONFLICT DO NOTHING";

    private const string Revoke =
        "UPDATE labelling_invites SET revoked_at_ms = @at WHERE task_id = @task AND labeller = @who AND revoked_at_ms IS NULL";

    private const string UpsertLabel =
        "INSERT INTO labelling_labels (task_id, item_id, labeller, label, note, at_ms) VALUES (@task, @item, @who, @label, @note, @at) " +
        "ON CONFLICT (task_id, item_id, labeller) DO UPDATE SET label = excluded.label, note = excluded.note, at_ms = excluded.at_ms";

    private const string UpsertAdjudication =
        "INSERT INTO labelling_adjudications (task_id, item_id, label, adjudicator, note, at_ms) VALUES (@task, @item, @label, @who, @note, @at) " +
        "ON CONFLICT (task_id, item_id) DO UPDATE SET label = excluded.label, adjudicator = excluded.adjudicator, note = excluded.note, at_ms = excluded.at_ms";

    public static (string Sql, (string Name, object Value)[] Parameters) Task(LabellingTask t) =>
        (InsertTask, [("@task", t.TaskId), ("@name", t.Name), ("@labels", JsonSerializer.Serialize(t.Labels)), ("@at", t.CreatedAtMs)]);

    public static (string Sql, (string Name, object Value)[] Parameters) Item(string taskId, LabellingItem i) =>
        (InsertItem, [("@task", taskId), ("@item", i.ItemId), ("@pos", i.Position), ("@prompt", i.Prompt), ("@reply", i.Reply),
            ("@model", Db(i.Model)), ("@topic", Db(i.Topic)), ("@lang", Db(i.Language)), ("@pred", Db(i.Predicted))]);

    public static (string Sql, (string Name, object Value)[] Parameters) Invite(LabellerInvite v) =>
        (InsertInvite, [("@task", v.TaskId), ("@who", v.Labeller), ("@hash", v.TokenHash), ("@at", v.CreatedAtMs)]);

    public static (string Sql, (string Name, object Value)[] Parameters) RevokeInvite(string taskId, string labeller, long atMs) =>
        (Revoke, [("@task", taskId), ("@who", labeller), ("@at", atMs)]);

    public static (string Sql, (string Name, object Value)[] Parameters) Label(ItemLabel l) =>
        (UpsertLabel, [("@task", l.TaskId), ("@item", l.ItemId), ("@who", l.Labeller), ("@label", Db(l.Label)), ("@note", Db(l.Note)), ("@at", l.AtMs)]);

    public static (string Sql, (string Name, object Value)[] Parameters) Adjudicate(Adjudication a) =>
        (UpsertAdjudication, [("@task", a.TaskId), ("@item", a.ItemId), ("@label", a.Label), ("@who", a.Adjudicator), ("@note", Db(a.Note)), ("@at", a.AtMs)]);

    public static LabellingTask ReadTask(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<string[]>(r.GetString(2)) ?? [], r.GetInt64(3));

    public static LabellingItem ReadItem(DbDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), Str(r, 4), Str(r, 5), Str(r, 6), Str(r, 7));

    public static LabellerInvite ReadInvite(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4));

    public static ItemLabel ReadLabel(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3), Str(r, 4), r.GetInt64(5));

    public static Adjudication ReadAdjudication(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Str(r, 4), r.GetInt64(5));

    private static object Db(string? value) => value is null ? DBNull.Value : value;

    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
