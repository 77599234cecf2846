using Arbiter.Engine.Config;
using Arbiter.Engine.Suites.LmEval;
using Arbiter.Engine.Suites.Promptfoo;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites;

/// <summary>
/// Detects a suite file's format and loads every suite in it: Arbiter manifests, GSM8K JSONL, MMLU CSV,
/// lm-evaluation-harness task and group YAML, promptfoo configs and promptfoo test CSVs (an
/// <c>__expected</c> column). Problems are collected with file:line instead of stopping at the first,
/// so one bad task in a group does not hide the rest. Nothing is sent.
/// </summary>
public static class SuiteFiles
{
    /// <summary>Loads the suites of <paramref name="path"/> (a file or a folder holding <c>suite.yaml</c>).</summary>
    public static SuiteFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ext = Path.GetExtension(path).ToUpperInvariant();
        try
        {
            if (File.Exists(path) && ext is ".YAML" or ".YML")
            {
                var y = new YamlNodes(path);
                YamlMappingNode root;
                using (var reader = File.OpenText(path)) root = y.LoadRoot(reader);
                if (LmEvalFile.Looks(root)) return LmEvalFile.Load(path);
                if (PromptfooFile.Looks(root)) return PromptfooFile.Load(path, y, root);
            }

            if (File.Exists(path) && ext == ".CSV" && PromptfooCsv.Looks(path)) return PromptfooFile.LoadCsv(path);
            var suite = SuiteLoader.Load(path);
            return new SuiteFile(path, Format(path, ext), [suite], []);
        }
        catch (ConfigException ex)
        {
            return new SuiteFile(path, Format(path, ext), [], [new SuiteProblem(ex.File, ex.Line, ex.Column, ProblemSeverity.Error, ex.Reason)]);
        }
    }

    private static string Format(string path, string ext) => ext switch
    {
        ".CSV" => "mmlu",
        ".JSONL" when File.Exists(path) && SuiteLoader.LooksLikeGsm8k(path) => "gsm8k",
        _ => "native",
    };
}
