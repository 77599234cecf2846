using Arbiter.Statistics.Agreement;

namespace Arbiter.Engine.Labelling;

/// <summary>The coefficients of one view: all labels (<paramref name="Label"/> null) or one label against the rest.</summary>
/// <param name="Label">The label, or null for the overall view.</param>
/// <param name="CohenKappa">Cohen's κ; null unless there are exactly two human labellers.</param>
/// <param name="FleissKappa">Fleiss' κ.</param>
/// <param name="KrippendorffAlpha">Krippendorff's nominal α.</param>
public sealed record LabelAgreementView(string? Label, AgreementEstimate? CohenKappa, AgreementEstimate FleissKappa, AgreementEstimate KrippendorffAlpha);

/// <summary>One labeller (or the classifier) against the reference label.</summary>
/// <param name="Labeller">The labeller's name.</param>
/// <param name="IsClassifier">Whether this is the audit classifier.</param>
/// <param name="Items">Items where both the labeller and the reference have a label.</param>
/// <param name="Agreement">Share of those items labelled as the reference (NaN when there are none).</param>
/// <param name="Kappa">Cohen's κ against the reference, with its bootstrap interval.</param>
public sealed record ReferenceAgreement(string Labeller, bool IsClassifier, int Items, double Agreement, AgreementEstimate Kappa);

/// <summary>Everything <c>labels agreement</c> and the workbench show.</summary>
/// <param name="Items">Distinct items with at least one human label.</param>
/// <param name="PairableItems">Items with at least two human labels (the ones κ and α use).</param>
/// <param name="Labellers">Human labellers, ordinal order.</param>
/// <param name="Labels">Categories seen, ordinal order.</param>
/// <param name="Overall">All labels at once.</param>
/// <param name="PerLabel">One view per label.</param>
/// <param name="Reference">"adjudicated" when adjudicated labels exist, else "majority".</param>
/// <param name="VsReference">Each human labeller, then the classifier if present, against the reference.</param>
/// <param name="Rounds">Bootstrap rounds.</param>
/// <param name="Seed">Bootstrap seed.</param>
public sealed record LabelAgreementReport(
    int Items,
    int PairableItems,
    IReadOnlyList<string> Labellers,
    IReadOnlyList<string> Labels,
    LabelAgreementView Overall,
    IReadOnlyList<LabelAgreementView> PerLabel,
    string Reference,
    IReadOnlyList<ReferenceAgreement> VsReference,
    int Rounds,
    ulong Seed);
