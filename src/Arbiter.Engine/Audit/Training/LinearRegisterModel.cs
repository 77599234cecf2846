using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arbiter.Engine.Audit.Classification;

namespace Arbiter.Engine.Audit.Training;

/// <summary>
/// A trained register model as plain numbers: the featurizer's settings, the classes, and a multinomial logistic
/// regression (one bias and one weight per feature slot and class). Scoring is the featurizer's sparse dot product
/// and a softmax — what ML.NET's maximum-entropy predictor computes, without its per-call pipeline.
/// </summary>
internal sealed class LinearRegisterModel
{
    /// <summary>Zip entry with the settings; its presence tells this format from the older ML.NET pipeline zip.</summary>
    public const string ManifestEntry = "arbiter-register-model.json";

    private const string WeightsEntry = "weights.bin";
    private const string Format = "arbiter-register-model/2";

    private readonly float[] _biases;
    private readonly float[] _weights;

    public LinearRegisterModel(HashedTextFeaturizer featurizer, AuditRegister[] classes, float[] biases, float[] weights)
    {
        if (biases.Length != classes.Length || weights.Length != featurizer.Length * classes.Length)
        {
            throw new InvalidDataException("the model's weights do not match its featurizer and classes");
        }

        Featurizer = featurizer;
        Classes = classes;
        _biases = biases;
        _weights = weights;
    }

    public HashedTextFeaturizer Featurizer { get; }

    public AuditRegister[] Classes { get; }

    /// <summary>Class probabilities of a prepared text and opening, into <paramref name="probabilities"/> (one per class).</summary>
    public void Probabilities(string text, string opening, Span<float> probabilities)
    {
        _biases.CopyTo(probabilities);
        Featurizer.Score(text, opening, _weights, probabilities);
        var max = float.NegativeInfinity;
        foreach (var s in probabilities) max = Math.Max(max, s);
        var sum = 0f;
        for (var i = 0; i < probabilities.Length; i++) sum += probabilities[i] = MathF.Exp(probabilities[i] - max);
        for (var i = 0; i < probabilities.Length; i++) probabilities[i] /= sum;
    }

    /// <summary>
    /// Writes the manifest and the weights (little-endian: biases, then each slot with a non-zero weight as its index and
    /// its class weights — most slots are zero, never seen or cut by L1). Entries carry one fixed time, so the same
    /// model gives the same bytes.
    /// </summary>
    public void Save(Stream stream)
    {
        var classes = Classes.Length;
        var manifest = new JsonObject
        {
            ["format"] = Format,
            ["charBits"] = Featurizer.CharBits,
            ["charNgram"] = Featurizer.CharNgram,
            ["wordBits"] = Featurizer.WordBits,
            ["classes"] = new JsonArray([.. Classes.Select(c => (JsonNode)AuditRegisters.Name(c))]),
        };
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var writer = new StreamWriter(Entry(zip, ManifestEntry).Open())) writer.Write(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        using var weights = new BufferedStream(Entry(zip, WeightsEntry).Open(), 1 << 16);
        Span<byte> four = stackalloc byte[4];
        foreach (var b in _biases) WriteSingle(weights, b, four);
        for (var slot = 0; slot < Featurizer.Length; slot++)
        {
            var row = _weights.AsSpan(slot * classes, classes);
            if (!row.ContainsAnyExcept(0f)) continue;
            BinaryPrimitives.WriteInt32LittleEndian(four, slot);
            weights.Write(four);
            foreach (var w in row) WriteSingle(weights, w, four);
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>; null when the zip is not in this format.</summary>
    public static LinearRegisterModel? TryRead(ZipArchive zip)
    {
        if (zip.GetEntry(ManifestEntry) is not { } manifestEntry) return null;
        JsonNode manifest;
        using (var s = manifestEntry.Open()) manifest = JsonNode.Parse(s) ?? throw new InvalidDataException("empty model manifest");
        if ((string?)manifest["format"] != Format) throw new InvalidDataException($"unknown model format '{manifest["format"]}'");
        var featurizer = new HashedTextFeaturizer((int)manifest["charBits"]!, (int)manifest["charNgram"]!, (int)manifest["wordBits"]!);
        var classes = manifest["classes"]!.AsArray()
            .Select(n => AuditRegisters.Parse((string?)n) ?? throw new InvalidDataException($"unknown class '{n}' in the model")).ToArray();
        var biases = new float[classes.Length];
        var weights = new float[featurizer.Length * classes.Length];
        using var raw = new MemoryStream();
        using (var s = zip.GetEntry(WeightsEntry)?.Open() ?? throw new InvalidDataException("the model has no weights")) s.CopyTo(raw);
        var bytes = raw.GetBuffer().AsSpan(0, (int)raw.Length);
        var rowBytes = 4 + (4 * classes.Length);
        if (bytes.Length < 4 * classes.Length || (bytes.Length - (4 * classes.Length)) % rowBytes != 0) throw new InvalidDataException("truncated model weights");
        ReadSingles(bytes[..(4 * classes.Length)], biases);
        for (var at = 4 * classes.Length; at < bytes.Length; at += rowBytes)
        {
            var slot = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            if ((uint)slot >= (uint)featurizer.Length) throw new InvalidDataException($"weight slot {slot} out of range");
            ReadSingles(bytes.Slice(at + 4, 4 * classes.Length), weights.AsSpan(slot * classes.Length, classes.Length));
        }

        return new LinearRegisterModel(featurizer, classes, biases, weights);
    }

    private static void WriteSingle(Stream stream, float value, Span<byte> four)
    {
        BinaryPrimitives.WriteSingleLittleEndian(four, value);
        stream.Write(four);
    }

    private static void ReadSingles(ReadOnlySpan<byte> from, Span<float> into)
    {
        if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(from).CopyTo(into);
        else for (var i = 0; i < into.Length; i++) into[i] = BinaryPrimitives.ReadSingleLittleEndian(from[(4 * i)..]);
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return entry;
    }
}
