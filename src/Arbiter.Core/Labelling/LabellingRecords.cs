namespace Arbiter.Core.Labelling;

/// <summary>A labelling task: a fixed set of items that invited labellers put into categories.</summary>
/// <param name="TaskId">Stable id (URL-safe).</param>
/// <param name="Name">What the administrator called it.</param>
/// <param name="Labels">The categories a labeller picks from, in display order (the audit registers unless the task defines its own).</param>
/// <param name="CreatedAtMs">UTC unix milliseconds.</param>
public sealed record LabellingTask(string TaskId, string Name, IReadOnlyList<string> Labels, long CreatedAtMs)
{
    /// <inheritdoc />
    public bool Equals(LabellingTask? other) =>
        other is not null && TaskId == other.TaskId && Name == other.Name && CreatedAtMs == other.CreatedAtMs && Labels.SequenceEqual(other.Labels);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TaskId, Name, CreatedAtMs, Labels.Count);
}

/// <summary>One reply to label. Model and predicted label are kept for analysis and must never be shown to a labeller.</summary>
/// <param name="ItemId">Id within the task (the sample's run/item/epoch key for audit samples).</param>
/// <param name="Position">Order in which labellers see the items.</param>
/// <param name="Prompt">The question.</param>
/// <param name="Reply">The model's answer.</param>
/// <param name="Model">The model that answered (hidden from labellers).</param>
/// <param name="Topic">The probe topic, if any.</param>
/// <param name="Language">The prompt's language, if known.</param>
/// <param name="Predicted">The classifier's label (hidden from labellers; compared with the adjudicated label).</param>
public sealed record LabellingItem(string ItemId, int Position, string Prompt, string Reply, string? Model, string? Topic, string? Language, string? Predicted);

/// <summary>A labeller's personal invite. Only the SHA-256 of the token is stored; the token itself is shown once.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Labeller">The labeller's display name, unique within the task.</param>
/// <param name="TokenHash">Lower-case hex SHA-256 of the invite token.</param>
/// <param name="CreatedAtMs">UTC unix milliseconds.</param>
/// <param name="RevokedAtMs">When it was revoked (the link stops working), or null.</param>
public sealed record LabellerInvite(string TaskId, string Labeller, string TokenHash, long CreatedAtMs, long? RevokedAtMs);

/// <summary>A labeller's answer for one item: a label, or a skip; with an optional note. The latest answer replaces earlier ones.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="ItemId">The item.</param>
/// <param name="Labeller">Who answered.</param>
/// <param name="Label">The chosen category, or null when skipped.</param>
/// <param name="Note">Free text, or null.</param>
/// <param name="AtMs">UTC unix milliseconds.</param>
public sealed record ItemLabel(string TaskId, string ItemId, string Labeller, string? Label, string? Note, long AtMs)
{
    /// <summary>Whether the labeller skipped the item.</summary>
    public bool Skipped => Label is null;
}

/// <summary>The final label of an item, decided by an administrator where labellers disagreed (or confirmed where they agreed).</summary>
/// <param name="TaskId">The task.</param>
/// <param name="ItemId">The item.</param>
/// <param name="Label">The decided category.</param>
/// <param name="Adjudicator">Who decided.</param>
/// <param name="Note">Why, or null.</param>
/// <param name="AtMs">UTC unix milliseconds.</param>
public sealed record Adjudication(string TaskId, string ItemId, string Label, string Adjudicator, string? Note, long AtMs);
