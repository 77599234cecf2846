using Arbiter.Core.Labelling;

namespace Arbiter.Engine.Labelling;

/// <summary>An item as a labeller sees it: the question and the reply, never the model or the classifier's label.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Position">Presentation order.</param>
/// <param name="Prompt">The question.</param>
/// <param name="Reply">The reply.</param>
public sealed record BlindItem(string ItemId, int Position, string Prompt, string Reply);

/// <summary>An open invite: which task and who.</summary>
/// <param name="Task">The task.</param>
/// <param name="Labeller">The labeller's name.</param>
public sealed record LabellerSession(LabellingTask Task, string Labeller);

/// <summary>A labeller's workspace: the blind items, their own answers, and where to go next.</summary>
/// <param name="Session">Who and which task.</param>
/// <param name="Items">All items, in order.</param>
/// <param name="Mine">The labeller's answers by item id.</param>
/// <param name="Next">The first item without an answer, or null when done.</param>
public sealed record LabellerWork(LabellerSession Session, IReadOnlyList<BlindItem> Items, IReadOnlyDictionary<string, ItemLabel> Mine, BlindItem? Next)
{
    /// <summary>Items answered (labelled or skipped).</summary>
    public int Done => Mine.Count;
}

/// <summary>One item in the adjudication view (administrators only: the model and the prediction are shown here).</summary>
/// <param name="Item">The stored item.</param>
/// <param name="Labels">Every labeller's answer.</param>
/// <param name="Adjudication">The decision, or null.</param>
/// <param name="Final">The final label: the decision, else the labellers' unanimous label when at least two agree, else null.</param>
public sealed record AdjudicationRow(LabellingItem Item, IReadOnlyList<ItemLabel> Labels, Adjudication? Adjudication, string? Final)
{
    /// <summary>Two or more labellers gave different labels (skips do not count).</summary>
    public bool Disagreement => Labels.Where(l => l.Label is not null).Select(l => l.Label).Distinct(StringComparer.Ordinal).Count() > 1;
}

/// <summary>A bad request to the labelling service (unknown item, a label outside the task's set…); the message says which.</summary>
public sealed class LabellingException(string message) : Exception(message);
