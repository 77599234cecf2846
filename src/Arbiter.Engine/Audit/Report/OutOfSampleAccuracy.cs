using Arbiter.Engine.Audit.Training;

namespace Arbiter.Engine.Audit.Report;

/// <summary>The shipped classifier's out-of-sample figures, as the report and the web page show them.</summary>
public static class OutOfSampleAccuracy
{
    /// <summary>Held-out figures of one language (over all training files of that language); null when not measured.</summary>
    public static CardMetrics? For(string language) => ShippedRegisterModel.Card?.ForLanguage(language);

    /// <summary>
    /// The training file of the shipped model with the same bytes as the file at <paramref name="path"/> (whatever it is
    /// called now); null when the model never saw it. Figures measured on such a file are in-sample.
    /// </summary>
    public static string? TrainingFileLike(string path)
    {
        if (ShippedRegisterModel.Card is not { } card || !File.Exists(path)) return null;
        var hash = AuditTrainer.Sha256(path);
        return card.Files.FirstOrDefault(f => f.Sha256 == hash)?.Name;
    }
}
