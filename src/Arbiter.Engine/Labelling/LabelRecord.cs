namespace Arbiter.Engine.Labelling;

/// <summary>One label: labeller <paramref name="Labeller"/> put item <paramref name="Item"/> in category <paramref name="Label"/>.</summary>
/// <param name="Item">The item (reply) id.</param>
/// <param name="Labeller">Who labelled it; <see cref="LabelRecord.Classifier"/> and <see cref="LabelRecord.Adjudicated"/> are reserved.</param>
/// <param name="Label">The category.</param>
public sealed record LabelRecord(string Item, string Labeller, string Label)
{
    /// <summary>The labeller name of the audit classifier: compared with the reference, never counted as a human labeller.</summary>
    public const string Classifier = "classifier";

    /// <summary>The labeller name of the adjudicated (final) label: the reference when present.</summary>
    public const string Adjudicated = "adjudicated";
}
