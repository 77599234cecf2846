using System.Collections.Concurrent;
using Arbiter.Engine.Audit.Classification;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Arbiter.Engine.Audit.Training;

/// <summary>
/// A register model in the older format: an ML.NET zip holding the whole text pipeline (ML.NET's own
/// normalisation and hashing) and the trainer's output. Read-only, so a model file written before
/// <see cref="HashedTextFeaturizer"/> keeps working until it is retrained; new models are
/// <see cref="LinearRegisterModel"/>. Delete this class once no such file is shipped.
/// </summary>
internal sealed class LegacyRegisterModel
{
    private readonly MLContext _ml = new(0);
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<ModelInput, ModelOutput>> _engines = [];
    private readonly byte[] _bytes;

    public LegacyRegisterModel(byte[] bytes)
    {
        _bytes = bytes;
        using (var stream = new MemoryStream(bytes, writable: false)) _model = _ml.Model.Load(stream, out _);
        var engine = _ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_model);
        // The score vector's slot names are the label values in key order.
        VBuffer<ReadOnlyMemory<char>> names = default;
        engine.OutputSchema["Score"].GetSlotNames(ref names);
        Classes = [.. names.DenseValues().Select(n => AuditRegisters.Parse(n.ToString()) ?? throw new InvalidDataException($"unknown class '{n}' in the model"))];
        _engines.Add(engine);
    }

    public AuditRegister[] Classes { get; }

    /// <summary>Writes the file back as read (it was written reproducibly when trained).</summary>
    public void Save(Stream stream) => stream.Write(_bytes);

    /// <summary>Class probabilities of a prepared text and opening (ML.NET engines are not thread-safe: one per caller, pooled).</summary>
    public void Probabilities(string text, string opening, Span<float> probabilities)
    {
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_model);
        try
        {
            engine.Predict(new ModelInput { Text = text, Opening = opening, Label = "", Weight = 1 }).Score.CopyTo(probabilities);
        }
        finally
        {
            _engines.Add(engine);
        }
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
