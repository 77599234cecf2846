using System.IO.Compression;
using Arbiter.Engine.Audit.Classification;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Arbiter.Engine.Audit.Training;

/// <summary>A register with the trained model's probability for it.</summary>
/// <param name="Register">The most probable register.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="NonAnswer">Probability that the reply is anything but an answer (1 − P(answer)).</param>
public sealed record RegisterPrediction(AuditRegister Register, double Probability, double NonAnswer);

/// <summary>
/// The trained tier of the audit classifier: <see cref="HashedTextFeaturizer"/> features of <see cref="RegisterFeatures.Prepare"/>
/// (hashed character 1–3-grams, no tokenizer needed for Chinese or Russian, and word n-grams of the reply and, in a space of
/// its own, its opening), fed to a multinomial logistic regression trained by ML.NET (SDCA). Hashing keeps the file small and
/// its size independent of the training data. Prediction is the featurizer's sparse dot product with the trained weights and a
/// softmax, with no ML.NET pipeline per call. Thread-safe: the weights are read-only, scratch buffers are per thread.
/// </summary>
public sealed class RegisterModel
{
    private readonly LinearRegisterModel _linear;
    private readonly AuditRegister[] _classes;
    private readonly int _answer;

    private RegisterModel(LinearRegisterModel linear)
    {
        _linear = linear;
        _classes = linear.Classes;
        _answer = Array.IndexOf(_classes, AuditRegister.Answer);
    }

    /// <summary>The registers the model knows, in its score order.</summary>
    public IReadOnlyList<AuditRegister> Classes => _classes;

    /// <summary>Trains a model on labelled replies (error rows are ignored).</summary>
    public static RegisterModel Train(IEnumerable<TrainingRow> rows, RegisterModelOptions? options = null) => TrainCore(rows, options).Model;

    /// <summary>Trains a model and returns ML.NET's predictor too (tests compare the two).</summary>
    internal static (RegisterModel Model, MulticlassPredictionTransformer<MaximumEntropyModelParameters> Predictor) TrainCore(
        IEnumerable<TrainingRow> rows, RegisterModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new RegisterModelOptions();
        var ml = new MLContext(options.Seed);
        var list = rows.Where(r => r.Gold != AuditRegister.Error).ToList();
        AuditRegister[] classes = [.. list.Select(r => r.Gold).Distinct().Order()];
        if (classes.Length < 2) throw new ArgumentException("training needs at least two registers", nameof(rows));
        var weights = ClassWeights(list, options.Balance);
        var featurizer = new HashedTextFeaturizer(options.CharBits, options.CharNgram, options.WordBits);
        var inputs = list.Select(r => new FeatureRow
        {
            Features = featurizer.Featurize(RegisterFeatures.Prepare(r.Text, r.Language, r.Prompt, out var opening), opening),
            Label = (uint)Array.IndexOf(classes, r.Gold),
            Weight = weights[(r.Language ?? "", r.Gold)] * r.Weight,
        });
        // Featurized once, into ML.NET's cache: the trainer passes over the data many times, and only a cached view is
        // shuffled as a whole (uncached, ML.NET shuffles within a small window, the files' blocks stay together and
        // SDCA converged to a model measured 2–5 pt worse held out).
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(inputs, FeatureSchema(featurizer, classes.Length)));
        var predictor = Trainer(ml, options).Fit(data);
        return (new RegisterModel(ToLinear(predictor.Model, featurizer, classes)), predictor);
    }

    /// <summary>Loads a model written by <see cref="Save(Stream)"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a register model.</exception>
    public static RegisterModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            using (var zip = new ZipArchive(copy, ZipArchiveMode.Read, leaveOpen: true))
            {
                if (LinearRegisterModel.TryRead(zip) is { } linear) return new RegisterModel(linear);
            }

            // An ML.NET pipeline zip (models before the hashed featurizer) lands here too: retrain it with `arbiter audit train`.
            throw new InvalidDataException("the zip has no register-model manifest");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
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
    /// Writes the model: a zip of the featurizer's settings, the classes and the weights. Entries are written in a
    /// fixed order with one fixed time, so the same files and seed give the same bytes and a card's hash can be
    /// checked by retraining.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _linear.Save(stream);
    }

    /// <summary>Predicts the register of one reply; <paramref name="askedLanguage"/> and <paramref name="prompt"/> when known.</summary>
    public RegisterPrediction Predict(string? reply, string? askedLanguage = null, string? prompt = null)
    {
        var text = RegisterFeatures.Prepare(reply, askedLanguage, prompt, out var opening);
        Span<float> p = stackalloc float[_classes.Length];
        _linear.Probabilities(text, opening, p);
        var best = 0;
        for (var i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        var nonAnswer = _answer < 0 ? 1.0 : 1.0 - p[_answer];
        return new RegisterPrediction(_classes[best], p[best], nonAnswer);
    }

    /// <summary>The trainer's input schema: a fixed-size sparse feature vector and a key label over the classes.</summary>
    internal static SchemaDefinition FeatureSchema(HashedTextFeaturizer featurizer, int classes)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featurizer.Length);
        schema[nameof(FeatureRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        return schema;
    }

    /// <summary>ML.NET's weights, one sparse vector per class, laid out feature-major so a slot's class weights are adjacent.</summary>
    private static LinearRegisterModel ToLinear(MaximumEntropyModelParameters trained, HashedTextFeaturizer featurizer, AuditRegister[] classes)
    {
        VBuffer<float>[] perClass = [];
        trained.GetWeights(ref perClass, out var count);
        if (count != classes.Length) throw new InvalidOperationException($"trainer returned {count} classes, expected {classes.Length}");
        var weights = new float[featurizer.Length * count];
        for (var c = 0; c < count; c++)
        {
            var values = perClass[c].GetValues();
            var indices = perClass[c].GetIndices();
            for (var i = 0; i < values.Length; i++) weights[((perClass[c].IsDense ? i : indices[i]) * count) + c] = values[i];
        }

        return new LinearRegisterModel(featurizer, classes, [.. trained.GetBiases()], weights);
    }

    // SDCA converges in a few passes; L-BFGS measured no better held out and trained 10–20× slower on 12k long replies.
    private static SdcaMaximumEntropyMulticlassTrainer Trainer(MLContext ml, RegisterModelOptions o) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(FeatureRow.Label),
            FeatureColumnName = nameof(FeatureRow.Features),
            ExampleWeightColumnName = nameof(FeatureRow.Weight),
            L2Regularization = o.L2,
            L1Regularization = o.L1,
            MaximumNumberOfIterations = o.Iterations,
            NumberOfThreads = 1, // deterministic: the same files and seed give the same file
            Shuffle = true,
        });

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

    /// <summary>One training row as the trainer reads it (see <see cref="FeatureSchema"/>).</summary>
    internal sealed class FeatureRow
    {
        public VBuffer<float> Features { get; set; }
        /// <summary>Index into the classes: ML.NET reads a key from an object 0-based (it stores index + 1, 0 being "missing").</summary>
        public uint Label { get; set; }
        public float Weight { get; set; } = 1;
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
