using Arbiter.Engine.Config;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.Promptfoo;

/// <summary>A prompt: its Nunjucks text and where it was written.</summary>
internal sealed record PromptfooPrompt(string Text, string? Label, string File, long Line);

/// <summary>
/// Reads the parts of a promptfoo config Arbiter uses: <c>prompts</c> (inline, or <c>file://</c> text files
/// whose prompts are separated by <c>---</c> lines), <c>providers</c> (<c>openai:chat:MODEL</c> and
/// <c>openai:MODEL</c> with <c>config.apiBaseUrl</c>), <c>defaultTest</c> and <c>tests</c> (inline, or
/// <c>file://</c> CSV). Keys that change results but are not read are reported as unsupported.
/// </summary>
internal static class PromptfooConfig
{
    private static readonly string[] Ignored = ["description", "outputPath", "sharing", "env", "evaluateOptions", "writeLatestResults", "tags", "metadata", "assertionTemplates", "commandLineOptions"];

    public static List<PromptfooPrompt> Prompts(YamlNodes y, YamlMappingNode root, List<SuiteProblem> problems)
    {
        var node = y.Get(root, "prompts") ?? throw y.Error(root, "missing 'prompts'");
        var prompts = new List<PromptfooPrompt>();
        foreach (var entry in node is YamlSequenceNode s ? s.Children : [node])
        {
            string raw;
            string? label = null;
            if (entry is YamlMappingNode m)
            {
                raw = y.OptionalString(m, "raw") ?? y.OptionalString(m, "id") ?? throw y.Error(m, "a prompt needs 'raw' or 'id'");
                label = y.OptionalString(m, "label");
            }
            else
            {
                raw = y.Scalar(entry);
            }

            if (!raw.StartsWith("file://", StringComparison.Ordinal))
            {
                prompts.Add(new PromptfooPrompt(raw, label, y.File, entry.Start.Line));
                continue;
            }

            var path = Resolve(y, entry, raw);
            if (path is null) continue;
            if (!path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new SuiteProblem(y.File, entry.Start.Line, entry.Start.Column, ProblemSeverity.Unsupported, $"prompt file '{raw}': only .txt/.md prompt files are read (not scripts, JSON or YAML chats)"));
                continue;
            }

            // promptfoo splits a prompt file on lines of '---' (PROMPT_DELIMITER).
            var lineNo = 1;
            var start = 1;
            var current = new List<string>();
            foreach (var line in File.ReadLines(path).Append("---"))
            {
                if (line.Trim() == "---")
                {
                    var text = string.Join('\n', current).Trim();
                    if (text.Length > 0) prompts.Add(new PromptfooPrompt(text, label, path, start));
                    current.Clear();
                    start = lineNo + 1;
                }
                else
                {
                    current.Add(line);
                }

                lineNo++;
            }
        }

        return prompts.Count > 0 ? prompts : throw y.Error(node, "no prompts");
    }

    public static List<ImportedModel> Providers(YamlNodes y, YamlMappingNode root, List<SuiteProblem> problems)
    {
        var models = new List<ImportedModel>();
        if (y.Get(root, "providers") is not { } node) return models;
        foreach (var entry in node is YamlSequenceNode s ? s.Children : [node])
        {
            var map = entry as YamlMappingNode;
            var id = map is null ? y.Scalar(entry).Trim() : y.OptionalString(map, "id") ?? throw y.Error(entry, "a provider needs 'id'");
            var config = map is null ? null : y.OptionalMap(map, "config");
            var baseUrl = config is null ? null : y.OptionalString(config, "apiBaseUrl");
            var model = id.StartsWith("openai:chat:", StringComparison.Ordinal) ? id["openai:chat:".Length..]
                : id.StartsWith("openai:", StringComparison.Ordinal) && !id.StartsWith("openai:completion:", StringComparison.Ordinal) && !id.StartsWith("openai:embedding", StringComparison.Ordinal) && id.Count(c => c == ':') == 1 ? id["openai:".Length..]
                : null;
            if (model is null || model.Length == 0)
            {
                problems.Add(new SuiteProblem(y.File, entry.Start.Line, entry.Start.Column, ProblemSeverity.Unsupported, $"provider '{id}' is not an OpenAI-compatible chat endpoint; declare the model in arbiter.yaml"));
                continue;
            }

            models.Add(new ImportedModel((map is null ? null : y.OptionalString(map, "label")) ?? id, model, baseUrl, y.File, entry.Start.Line));
        }

        return models;
    }

    public static void ReportUnread(YamlNodes y, YamlMappingNode root, List<SuiteProblem> problems)
    {
        foreach (var key in root.Children.Keys)
        {
            var name = y.Scalar(key);
            if (name is "prompts" or "providers" or "tests" or "defaultTest" || name.StartsWith('$') || Ignored.Contains(name)) continue;
            problems.Add(new SuiteProblem(y.File, key.Start.Line, key.Start.Column, ProblemSeverity.Unsupported, $"'{name}' is not read by Arbiter"));
        }
    }

    /// <summary>A <c>file://</c> reference relative to the config's folder; a missing file or a glob is a problem.</summary>
    public static string? Resolve(YamlNodes y, YamlNode at, string reference)
    {
        var rel = reference["file://".Length..];
        if (rel.IndexOfAny(['*', '?']) >= 0) throw y.Error(at, $"'{reference}': glob patterns are not supported; name each file");
        var path = Path.IsPathRooted(rel) ? rel : Path.Combine(Path.GetDirectoryName(y.File) ?? ".", rel);
        return File.Exists(path) ? path : throw y.Error(at, $"'{reference}' not found ({Path.GetFullPath(path)})");
    }
}
