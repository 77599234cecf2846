using Arbiter.Statistics.Agreement;

namespace Arbiter.Engine.Labelling;

/// <summary>
/// The JSON shape of a <see cref="LabelAgreementReport"/>, shared by <c>labels agreement --format json</c> and the
/// workbench API so the two cannot drift. Undefined coefficients (NaN) become null: JSON has no NaN.
/// </summary>
public static class LabelAgreementJson
{
    /// <summary>A serialisable tree of the report.</summary>
    public static Dictionary<string, object?> ToJson(LabelAgreementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new()
        {
            ["items"] = report.Items,
            ["pairableItems"] = report.PairableItems,
            ["labellers"] = report.Labellers,
            ["labels"] = report.Labels,
            ["overall"] = View(report.Overall),
            ["perLabel"] = report.PerLabel.Select(View).ToList(),
            ["reference"] = report.Reference,
            ["vsReference"] = report.VsReference.Select(a => new Dictionary<string, object?>
            {
                ["labeller"] = a.Labeller,
                ["classifier"] = a.IsClassifier,
                ["items"] = a.Items,
                ["agreement"] = Number(a.Agreement),
                ["kappa"] = Estimate(a.Kappa),
            }).ToList(),
            ["bootstrap"] = new Dictionary<string, object?> { ["rounds"] = report.Rounds, ["seed"] = report.Seed, ["level"] = 0.95 },
        };
    }

    private static Dictionary<string, object?> View(LabelAgreementView v) => new()
    {
        ["label"] = v.Label,
        ["cohenKappa"] = v.CohenKappa is null ? null : Estimate(v.CohenKappa),
        ["fleissKappa"] = Estimate(v.FleissKappa),
        ["krippendorffAlpha"] = Estimate(v.KrippendorffAlpha),
    };

    private static Dictionary<string, object?> Estimate(AgreementEstimate e) => new()
    {
        ["value"] = Number(e.Value),
        ["lower"] = e.Interval?.Lower,
        ["upper"] = e.Interval?.Upper,
        ["undefinedRounds"] = e.UndefinedRounds,
    };

    private static double? Number(double x) => double.IsNaN(x) ? null : x;
}
