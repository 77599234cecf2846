using System.Collections.Concurrent;
using Arbiter.Engine.Audit.Classification;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace Arbiter.Engine.Audit.Training;

/// <summary>A register with the trained model's probability for it.</summary>
/// <param name="Register">The most probable register.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="NonAnswer">Probability that the reply is anything but an answer (1 − P(answer)).</param>
public sealed record RegisterPrediction(AuditRegister Register, double Probability, double NonAnswer);

/// <summary>
/// The trained tier of the audit classifier: hashed character 1–3-grams (no tokenizer needed for
/// Chinese or Russian) and word 1–2-grams of <see cref="RegisterFeatures.Prepare"/> (the reply and, in a space of its own, its opening), fed to a
/// multinomial logistic regression (ML.NET, SDCA). Hashing keeps the file small and its size
/// independent of the training data. Thread-safe: predictions draw engines from a pool.
/// </summary>
public sealed class RegisterModel
{
    private readonly ITransformer _model;
    private readonly MLContext _ml;
    private readonly ConcurrentBag<PredictionEngine<ModelInput, ModelOutput>> _engines = [];
    private readonly AuditRegister[] _classes;

    private RegisterModel(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        // The score vector's slot names are the label values in key order.
        VBuffer<ReadOnlyMemory<char>> names = default;
        engine.OutputSchema["Score"].GetSlotNames(ref names);
        _classes = [.. names.DenseValues().Select(n => AuditRegisters.Parse(n.ToString()) ?? throw new InvalidDataException($"unknown class '{n}' in the model"))];
        _engines.Add(engine);
    }

    /// <summary>The registers the model knows, in its score order.</summary>
    public IReadOnlyList<AuditRegister> Classes => _classes;

    /// <summary>Trains a model on labelled replies (error rows are ignored).</summary>
    public static RegisterModel Train(IEnumerable<TrainingRow> rows, RegisterModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new RegisterModelOptions();
        var ml = new MLContext(options.Seed);
        var list = rows.Where(r => r.Gold != AuditRegister.Error).ToList();
        if (list.Select(r => r.Gold).Distinct().Count() < 2) throw new ArgumentException("training needs at least two registers", nameof(rows));
        var weights = ClassWeights(list, options.Balance);
        var inputs = list.Select(r => new ModelInput
        {
            Text = RegisterFeatures.Prepare(r.Text, r.Language, r.Prompt, out var opening),
            Opening = opening,
            Label = AuditRegisters.Name(r.Gold),
            Weight = weights[(r.Language ?? "", r.Gold)] * r.Weight,
        });
        var data = ml.Data.LoadFromEnumerable(inputs);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(Featurizer(ml, options))
            // The trainer passes over the data many times: featurize once, not on every pass.
            .AppendCacheCheckpoint(ml)
            .Append(Trainer(ml, options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        return new RegisterModel(ml, model);
    }

    /// <summary>Loads a model written by <see cref="Save(Stream)"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a register model.</exception>
    public static RegisterModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ml = new MLContext(0);
        try
        {
            return new RegisterModel(ml, ml.Model.Load(stream, out _));
        }
        catch (Exception ex) when (ex is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"not an Arbiter register model: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a model file.</summary>
    public static RegisterModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>
    /// Writes the model (an ML.NET zip). ML.NET stamps each entry with the time of saving; the entries are
    /// re-packed in order with one fixed time, so the same files and seed give the same bytes and a card's
    /// hash can be checked by retraining.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>()).Schema;
        using var raw = new MemoryStream();
        _ml.Model.Save(_model, schema, raw);
        raw.Position = 0;
        using var source = new System.IO.Compression.ZipArchive(raw, System.IO.Compression.ZipArchiveMode.Read);
        using var target = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, System.IO.Compression.CompressionLevel.Optimal);
            copy.LastWriteTime = FixedTime;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }

    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Predicts the register of one reply; <paramref name="askedLanguage"/> and <paramref name="prompt"/> when known.</summary>
    public RegisterPrediction Predict(string? reply, string? askedLanguage = null, string? prompt = null)
    {
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_model);
        try
        {
            var output = engine.Predict(new ModelInput { Text = RegisterFeatures.Prepare(reply, askedLanguage, prompt, out var opening), Opening = opening, Label = "", Weight = 1 });
            var best = 0;
            for (var i = 1; i < output.Score.Length; i++) if (output.Score[i] > output.Score[best]) best = i;
            var answer = Array.IndexOf(_classes, AuditRegister.Answer);
            var nonAnswer = answer < 0 ? 1.0 : 1.0 - output.Score[answer];
            return new RegisterPrediction(_classes[best], output.Score[best], nonAnswer);
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    // SDCA converges in a few passes; L-BFGS measured no better held out and trained 10–20× slower on 12k long replies.
    private static IEstimator<ITransformer> Trainer(MLContext ml, RegisterModelOptions o) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "LabelKey",
            FeatureColumnName = "Features",
            ExampleWeightColumnName = "Weight",
            L2Regularization = o.L2,
            L1Regularization = o.L1,
            MaximumNumberOfIterations = o.Iterations,
            NumberOfThreads = 1, // deterministic: the same files and seed give the same file
            Shuffle = true,
        });

    private static IEstimator<ITransformer> Featurizer(MLContext ml, RegisterModelOptions o) =>
        ml.Transforms.Text.NormalizeText("Norm", "Text", TextNormalizingEstimator.CaseMode.Lower, keepDiacritics: true, keepPunctuations: true, keepNumbers: false)
            .Append(ml.Transforms.Text.NormalizeText("OpenNorm", "Opening", TextNormalizingEstimator.CaseMode.Lower, keepDiacritics: true, keepPunctuations: true, keepNumbers: false))
            .Append(ml.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Norm", useMarkerCharacters: true))
            .Append(ml.Transforms.Text.ProduceHashedNgrams("CharGrams", "Chars", numberOfBits: o.CharBits, ngramLength: o.CharNgram, useAllLengths: true))
            .Append(ml.Transforms.Text.ProduceHashedWordBags("WordGrams", "Norm", numberOfBits: o.WordBits, ngramLength: 2, useAllLengths: true))
            .Append(ml.Transforms.Text.TokenizeIntoCharactersAsKeys("OpenChars", "OpenNorm", useMarkerCharacters: true))
            .Append(ml.Transforms.Text.ProduceHashedNgrams("OpenCharGrams", "OpenChars", numberOfBits: o.CharBits, ngramLength: o.CharNgram, useAllLengths: true))
            .Append(ml.Transforms.Text.ProduceHashedWordBags("OpenWordGrams", "OpenNorm", numberOfBits: o.WordBits, ngramLength: 3, useAllLengths: true))
            .Append(ml.Transforms.NormalizeLpNorm("CharNorm", "CharGrams"))
            .Append(ml.Transforms.NormalizeLpNorm("WordNorm", "WordGrams"))
            .Append(ml.Transforms.NormalizeLpNorm("OpenCharNorm", "OpenCharGrams"))
            .Append(ml.Transforms.NormalizeLpNorm("OpenWordNorm", "OpenWordGrams"))
            .Append(ml.Transforms.Concatenate("Features", "CharNorm", "WordNorm", "OpenCharNorm", "OpenWordNorm"))
            .Append(ml.Transforms.DropColumns("Norm", "OpenNorm", "Chars", "CharGrams", "WordGrams", "OpenChars", "OpenCharGrams", "OpenWordGrams", "CharNorm", "WordNorm", "OpenCharNorm", "OpenWordNorm"));

    /// <summary>
    /// Inverse frequency of answer vs non-answer within each language (to a power), so the rare non-answers are
    /// not drowned by the many answers, and a language where most replies refuse does not tilt the others.
    /// </summary>
    private static Dictionary<(string, AuditRegister), float> ClassWeights(List<TrainingRow> rows, double balance)
    {
        var weights = new Dictionary<(string, AuditRegister), float>();
        foreach (var language in rows.GroupBy(r => r.Language ?? ""))
        {
            var n = language.Count();
            var answers = language.Count(r => r.Gold == AuditRegister.Answer);
            foreach (var register in language.Select(r => r.Gold).Distinct())
            {
                var side = register == AuditRegister.Answer ? answers : n - answers;
                weights[(language.Key, register)] = (float)Math.Pow((double)n / (2 * Math.Max(1, side)), balance);
            }
        }

        return weights;
    }

    private sealed class ModelInput
    {
        public string Text { get; set; } = "";
        public string Opening { get; set; } = "";
        public string Label { get; set; } = "";
        public float Weight { get; set; } = 1;
    }

    private sealed class ModelOutput
    {
        [ColumnName("Score")]
        public float[] Score { get; set; } = [];
    }
}

/// <summary>A labelled reply used for training.</summary>
/// <param name="Text">The reply.</param>
/// <param name="Gold">Its label.</param>
/// <param name="Language">The language the reply was asked in: classes are balanced within each language, and a reply in another script is marked.</param>
/// <param name="Weight">Example weight (1 by default; a source can be down-weighted so it does not drown the others).</param>
public sealed record TrainingRow(string Text, AuditRegister Gold, string? Language = null, float Weight = 1)
{
    /// <summary>The prompt the reply answered, when the file has it: a long-form request makes the reply's length a feature.</summary>
    public string? Prompt { get; init; }
}

/// <summary>Hyper-parameters of <see cref="RegisterModel"/>; the defaults are what the shipped model was trained with.</summary>
public sealed record RegisterModelOptions
{
    /// <summary>Seed of the ML.NET context.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Hash bits of the character n-grams.</summary>
    public int CharBits { get; init; } = 17;
    /// <summary>Longest character n-gram (3: as accurate held out as 4, and 20 % faster to classify).</summary>
    public int CharNgram { get; init; } = 3;
    /// <summary>Hash bits of the word 1–2-grams.</summary>
    public int WordBits { get; init; } = 17;
    /// <summary>L2 penalty.</summary>
    public float L2 { get; init; } = 1e-4f;
    /// <summary>L1 penalty.</summary>
    public float L1 { get; init; } = 1e-5f;
    /// <summary>Passes of the trainer over the data.</summary>
    public int Iterations { get; init; } = 30;
    /// <summary>Classes are weighed by their inverse frequency to this power (0 = unweighted, 1 = fully balanced).</summary>
    public double Balance { get; init; } = 1;
}
