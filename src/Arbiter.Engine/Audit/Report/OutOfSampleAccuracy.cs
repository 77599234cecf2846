using Arbiter.Engine.Audit.Training;

namespace Arbiter.Engine.Audit.Report;

/// <summary>The shipped classifier's out-of-sample figures, as the report and the web page show them.</summary>
public static class OutOfSampleAccuracy
{
    /// <summary>Held-out figures of one language (over all training files of that language); null when not measured.</summary>
    public static CardMetrics? For(string language) => ShippedRegisterModel.Card?.ForLanguage(language);

    /// <summary>True when <paramref name="fileName"/> names a training file of the shipped model.</summary>
    public static bool IsTrainingFile(string fileName) =>
        ShippedRegisterModel.Card?.Files.Any(f => string.Equals(f.Name, Path.GetFileName(fileName), StringComparison.Ordinal)) == true;
}
