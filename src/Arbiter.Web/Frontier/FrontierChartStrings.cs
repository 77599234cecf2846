using Arbiter.Engine.Frontier;
using Arbiter.Web.Localization;

namespace Arbiter.Web.Frontier;

/// <summary>The frontier charts' words in the UI's language: the Engine draws, the web's string tables translate.</summary>
internal static class FrontierChartStrings
{
    public static FrontierChartText For(UiText t) => new()
    {
        SimulatedSuffix = t["frontier.chart.simulatedSuffix"],
        SimulatedPrefix = t["frontier.chart.simulatedPrefix"],
        ReferenceMark = t["frontier.chart.referenceMark"],
        LagTitle = t["frontier.chart.lagTitle"],
        LagNone = t["frontier.chart.lagNone"],
        LagDescribe = t["frontier.chart.lagDescribe"],
        LagTooltip = t["frontier.chart.lagTooltip"],
        LagKeyMedian = t["frontier.chart.lagKeyMedian"],
        LagKeyCurrent = t["frontier.chart.lagKeyCurrent"],
        LagColumnRecord = t["frontier.chart.lagColumnRecord"],
        LagColumnNow = t["frontier.chart.lagColumnNow"],
        LagAxis = t["frontier.chart.lagAxis"],
        CurveTitle = t["frontier.chart.curveTitle"],
        ByCountry = t["frontier.chart.byCountry"],
        ByOrganization = t["frontier.chart.byOrganization"],
        ByWeights = t["frontier.chart.byWeights"],
        HiddenDescribe = t["frontier.chart.hiddenDescribe"],
        HiddenLegend = t["frontier.chart.hiddenLegend"],
        AsOf = t["frontier.chart.asOf"],
        ReleaseDateAxis = t["frontier.chart.releaseDateAxis"],
        ScoreAxis = t["frontier.chart.scoreAxis"],
        RatingAxis = t["frontier.chart.ratingAxis"],
        RecordTooltip = t["frontier.chart.recordTooltip"],
        CurrentLagTooltip = t["frontier.chart.currentLagTooltip"],
        ModelsBest = t["frontier.chart.modelsBest"],
        OneModelBest = t["frontier.chart.oneModelBest"],
        CurrentLagLegend = t["frontier.chart.currentLagLegend"],
        CurrentLagZero = t["frontier.chart.currentLagZero"],
        MedianLagLegend = t["frontier.chart.medianLagLegend"],
        KeyModel = t["frontier.chart.keyModel"],
        KeyRecord = t["frontier.chart.keyRecord"],
        KeyLag = t["frontier.chart.keyLag"],
        CurveDescribe = t["frontier.chart.curveDescribe"],
        CurveDescribeLag = t["frontier.chart.curveDescribeLag"],
        LagCaption = t["frontier.chart.lagCaption"],
        CurveCaption = t["frontier.chart.curveCaption"],
    };
}
