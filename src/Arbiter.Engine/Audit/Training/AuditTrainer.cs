using System.Security.Cryptography;
using Arbiter.Engine.Audit.Validation;

namespace Arbiter.Engine.Audit.Training;

/// <summary>A trained model with its card.</summary>
/// <param name="Model">The model trained on every row.</param>
/// <param name="Card">Provenance and held-out figures (the model hash is filled in by <see cref="AuditTrainer.Save"/>).</param>
/// <param name="CrossValidation">The out-of-fold predictions, when cross-validation ran.</param>
public sealed record TrainedModel(RegisterModel Model, ModelCard Card, CrossValidationResult? CrossValidation);

/// <summary>
/// <c>arbiter audit train</c>: reads labelled files (<see cref="LabelledSet.Load"/>), measures the model by
/// grouped cross-validation, then trains the final model on every row.
/// </summary>
public static class AuditTrainer
{
    /// <summary>Trains and measures. <paramref name="folds"/> 0 skips cross-validation (the card then has no figures).</summary>
    public static TrainedModel Train(IReadOnlyList<string> files, RegisterModelOptions options, int folds,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var skipped = new Dictionary<string, int>();
        var items = new List<LabelledText>();
        var cardFiles = new List<CardFile>();
        var heldOutBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var rows = LabelledSet.Load(path, skipped);
            var name = Path.GetFileName(path);
            var by = rows.All(r => r.Group == name) ? "file" : rows.All(r => r.Group?.StartsWith(name + "/", StringComparison.Ordinal) == true) ? "persona" : "model";
            heldOutBy[name] = by;
            cardFiles.Add(new CardFile(name, Sha256(path), rows.Count, by));
            items.AddRange(rows.Select(r => r with { Set = r.Set ?? name, Id = name + ":" + r.Id }));
            progress?.Report($"{name}: {rows.Count} rows, held out by {by}");
        }

        CrossValidationResult? cv = null;
        var metrics = new List<CardMetrics>();
        if (folds > 0)
        {
            var done = 0;
            cv = GroupedCrossValidation.Run(items, options, folds,
                progress: new Progress<int>(_ => progress?.Report($"fold {Interlocked.Increment(ref done)} done")), cancellationToken: cancellationToken);
            foreach (var language in items.Select(i => i.Language).OfType<string>().Distinct().Order(StringComparer.Ordinal))
            {
                var by = string.Join("/", cardFiles.Where(f => items.Any(i => i.Language == language && i.Id.StartsWith(f.Name + ":", StringComparison.Ordinal))).Select(f => f.HeldOutBy).Distinct());
                metrics.Add(CardMetrics.From(cv.Metrics("all", i => i.Language == language), cv.Metrics("all", i => i.Language == language, classifier: true), language, by));
            }

            foreach (var file in cardFiles)
            {
                bool InFile(LabelledText i) => i.Id.StartsWith(file.Name + ":", StringComparison.Ordinal);
                var languages = items.Where(InFile).Select(i => i.Language).Distinct().ToList();
                if (languages.Count == 1) metrics.Add(CardMetrics.From(cv.Metrics(file.Name, InFile), cv.Metrics(file.Name, InFile, classifier: true), languages[0], file.HeldOutBy));
                else
                {
                    foreach (var language in languages.OfType<string>().Order(StringComparer.Ordinal))
                    {
                        bool Slice(LabelledText i) => InFile(i) && i.Language == language;
                        metrics.Add(CardMetrics.From(cv.Metrics(file.Name, Slice), cv.Metrics(file.Name, Slice, classifier: true), language, file.HeldOutBy));
                    }
                }
            }
        }

        progress?.Report($"training the final model on {items.Count} rows");
        var model = RegisterModel.Train(items.Select(i => new TrainingRow(i.Text, i.Gold, i.Language) { Prompt = i.Prompt }), options);
        var card = new ModelCard
        {
            ModelSha256 = "", ModelBytes = 0, Options = options, Files = cardFiles, Skipped = skipped, Folds = cv?.Folds ?? 0, HeldOut = metrics,
        };
        return new TrainedModel(model, card, cv);
    }

    /// <summary>Writes the model file and returns the card with the file's hash and size.</summary>
    public static ModelCard Save(TrainedModel trained, string path)
    {
        ArgumentNullException.ThrowIfNull(trained);
        using (var stream = File.Create(path)) trained.Model.Save(stream);
        return trained.Card with { ModelSha256 = Sha256(path), ModelBytes = new FileInfo(path).Length };
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
