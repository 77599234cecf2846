using Arbiter.Engine.Config;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.LmEval;

/// <summary>
/// A task's local dataset: <c>dataset_path: json</c> or <c>csv</c> (Hugging Face's file builders) and
/// <c>dataset_kwargs.data_files</c> as a file, a list (both the <c>train</c> split, as in <c>datasets</c>)
/// or a split → file(s) mapping. Relative paths are taken from the YAML's folder, then the working folder.
/// Hub datasets and remote files are refused with a hint: nothing is downloaded.
/// </summary>
internal sealed class LmEvalData
{
    private readonly string _builder;
    private readonly Dictionary<string, List<string>> _splits;
    private readonly Dictionary<string, List<LmEvalDoc>> _read = new(StringComparer.Ordinal);

    private LmEvalData(string builder, Dictionary<string, List<string>> splits)
    {
        _builder = builder;
        _splits = splits;
    }

    public static LmEvalData Open(LmEvalYaml cfg, string task)
    {
        var builder = cfg.String("dataset_path") ?? throw cfg.Error("task", $"{task}: missing dataset_path");
        if (builder is not ("json" or "csv"))
        {
            throw cfg.Error("dataset_path", $"{task}: dataset_path '{builder}' is a Hugging Face hub dataset, which Arbiter does not download; "
                + "save the split(s) locally and set dataset_path: json (or csv) with dataset_kwargs.data_files");
        }

        var kwargs = cfg.Get("dataset_kwargs") ?? throw cfg.Error("dataset_path", $"{task}: dataset_path {builder} needs dataset_kwargs.data_files");
        var y = kwargs.File;
        var map = kwargs.Node as YamlMappingNode ?? throw y.Error(kwargs.Node, "dataset_kwargs must be a mapping");
        var files = y.Get(map, "data_files") ?? throw y.Error(map, $"{task}: dataset_kwargs needs data_files");
        var splits = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (files is YamlMappingNode bySplit)
        {
            foreach (var (k, v) in bySplit.Children) splits[y.Scalar(k)] = Paths(y, v);
        }
        else
        {
            splits["train"] = Paths(y, files);
        }

        return new LmEvalData(builder, splits);
    }

    private static List<string> Paths(YamlNodes y, YamlNode node)
    {
        var paths = new List<string>();
        foreach (var n in node is YamlSequenceNode s ? s.Children : [node])
        {
            var raw = y.Scalar(n).Trim();
            if (raw.Contains("://", StringComparison.Ordinal))
            {
                throw y.Error(n, $"data file '{raw}' is remote; Arbiter reads local files only (download it and give its path)");
            }

            var beside = Path.Combine(Path.GetDirectoryName(y.File) ?? ".", raw);
            var path = Path.IsPathRooted(raw) ? raw : File.Exists(beside) ? beside : raw;
            if (!File.Exists(path)) throw y.Error(n, $"data file '{raw}' not found (looked in {Path.GetFullPath(beside)} and the working folder)");
            paths.Add(path);
        }

        return paths;
    }

    public bool Has(string split) => _splits.ContainsKey(split);

    public IEnumerable<string> Splits => _splits.Keys;

    /// <summary>The documents of a split with the file each came from.</summary>
    public IEnumerable<(LmEvalDoc Doc, string File)> Docs(string split)
    {
        if (!_splits.TryGetValue(split, out var files))
        {
            throw new ConfigException(files?.FirstOrDefault() ?? "data_files", 1, 1, $"split '{split}' is not in data_files (it has: {string.Join(", ", _splits.Keys)})");
        }

        foreach (var file in files)
        {
            if (!_read.TryGetValue(file, out var docs)) _read[file] = docs = LmEvalDocs.Read(file, _builder);
            foreach (var doc in docs) yield return (doc, file);
        }
    }
}
