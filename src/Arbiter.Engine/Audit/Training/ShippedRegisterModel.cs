namespace Arbiter.Engine.Audit.Training;

/// <summary>
/// The register model shipped inside Arbiter.Engine (<c>Audit/Classification/Model/</c>) and its card.
/// Both are the output of <c>arbiter audit train</c> on the files the card names (docs/audit-model.md).
/// </summary>
public static class ShippedRegisterModel
{
    /// <summary>Resource name of the model file.</summary>
    public const string ModelResource = "audit/model/register-model.zip";

    /// <summary>Resource name of the card.</summary>
    public const string CardResource = "audit/model/register-model.zip.card.json";

    private static readonly Lazy<ModelCard?> ShippedCard = new(() =>
    {
        using var stream = typeof(ShippedRegisterModel).Assembly.GetManifestResourceStream(CardResource);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return ModelCard.FromJson(reader.ReadToEnd());
    });

    /// <summary>The shipped card; null in a build without a model.</summary>
    public static ModelCard? Card => ShippedCard.Value;

    /// <summary>Loads the shipped model; null in a build without one (the classifier then uses the phrase lists alone).</summary>
    public static RegisterModel? Load()
    {
        using var stream = OpenModel();
        return stream is null ? null : RegisterModel.Load(stream);
    }

    /// <summary>The model file's bytes as shipped; null without one.</summary>
    public static Stream? OpenModel() => typeof(ShippedRegisterModel).Assembly.GetManifestResourceStream(ModelResource);
}
