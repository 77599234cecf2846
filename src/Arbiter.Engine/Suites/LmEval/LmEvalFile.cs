using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.LmEval;

/// <summary>
/// Loads an lm-evaluation-harness task YAML, or a group YAML (<c>group:</c> + <c>task:</c> list) whose
/// members are found by task name, tag or group name among the YAML files in and under its folder (as
/// lm-eval's task index finds them), or written inline. A task that cannot load is a problem; the others still load.
/// </summary>
internal static class LmEvalFile
{
    /// <summary>True for a YAML root that is an lm-eval task or group rather than an Arbiter manifest or promptfoo config.</summary>
    public static bool Looks(YamlMappingNode root)
    {
        bool Has(string k) => root.Children.ContainsKey(new YamlScalarNode(k));
        return !Has("id") && (Has("group") || Has("include") || (Has("task") && (Has("dataset_path") || Has("doc_to_text") || Has("output_type") || Has("dataset_name"))));
    }

    public static SuiteFile Load(string path)
    {
        var problems = new List<SuiteProblem>();
        var suites = new List<Suite>();
        var groups = new List<SuiteGroup>();
        LmEvalYaml cfg;
        try
        {
            cfg = LmEvalYaml.Load(path);
        }
        catch (ConfigException ex)
        {
            return new SuiteFile(path, "lm-eval", [], [LmEvalScoring.From(ex)]);
        }

        if (cfg.Get("group") is null)
        {
            AddTask(cfg, suites, problems);
            return new SuiteFile(path, "lm-eval", suites, problems);
        }

        var index = new TaskIndex(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Path.GetFullPath(path));
        AddGroup(cfg, index, suites, groups, problems, depth: 0);
        return new SuiteFile(path, "lm-eval-group", suites, problems) { Groups = groups };
    }

    private static void AddTask(LmEvalYaml cfg, List<Suite> suites, List<SuiteProblem> problems)
    {
        try
        {
            if (LmEvalTask.Build(cfg, problems) is { } suite)
            {
                if (suites.Any(s => s.Id == suite.Id)) problems.Add(new SuiteProblem(cfg.File, 1, 1, ProblemSeverity.Warning, $"task '{suite.Id}' is listed twice; loaded once"));
                else suites.Add(suite);
            }
        }
        catch (ConfigException ex)
        {
            problems.Add(LmEvalScoring.From(ex));
        }
    }

    private static List<string> AddGroup(LmEvalYaml cfg, TaskIndex index, List<Suite> suites, List<SuiteGroup> groups, List<SuiteProblem> problems, int depth)
    {
        var name = cfg.String("group") ?? "group";
        var members = new List<string>();
        if (depth > 8)
        {
            problems.Add(new SuiteProblem(cfg.File, 1, 1, ProblemSeverity.Error, $"group '{name}' nests more than 8 levels deep (a cycle?)"));
            return members;
        }

        var list = cfg.Get("task") is { Node: YamlSequenceNode seq } ? seq : null;
        if (list is null)
        {
            problems.Add(new SuiteProblem(cfg.File, 1, 1, ProblemSeverity.Error, $"group '{name}' needs a 'task:' list"));
            return members;
        }

        var y = cfg.Get("task")!.File;
        foreach (var node in list.Children)
        {
            try
            {
                var (memberName, overrides) = node is YamlMappingNode inline ? (y.OptionalString(inline, "task") ?? y.OptionalString(inline, "group"), inline) : (y.Scalar(node).Trim(), null);
                List<string?> found = memberName is null ? [] : [.. index.Find(memberName)];
                if (found.Count == 0 && overrides is null) throw y.Error(node, $"group '{name}': no task, group or tag '{memberName}' in {index.Root} or below");
                if (found.Count == 0) found = [null]; // an inline task written out in full
                foreach (var file in found)
                {
                    var member = file is null ? LmEvalYaml.FromMapping(y, overrides!) : LmEvalYaml.Load(file);
                    if (file is not null && overrides is not null)
                    {
                        foreach (var (k, v) in overrides.Children) member.Keys[y.Scalar(k)] = new LmEvalEntry(v, y);
                    }

                    if (member.Get("group") is not null)
                    {
                        members.AddRange(AddGroup(member, index, suites, groups, problems, depth + 1));
                        continue;
                    }

                    var before = suites.Count;
                    AddTask(member, suites, problems);
                    if (suites.Count > before) members.Add(suites[^1].Id);
                }
            }
            catch (ConfigException ex)
            {
                problems.Add(LmEvalScoring.From(ex));
            }
        }

        var weighted = cfg.Get("aggregate_metric_list") is { Node: YamlSequenceNode agg } a
            && agg.Children.OfType<YamlMappingNode>().Any(m => a.File.OptionalBool(m, "weight_by_size") == true);
        groups.Add(new SuiteGroup(name, members, weighted));
        var sizes = string.Join(", ", members.Select(m => $"{m} {suites.First(s => s.Id == m).Items.Count}"));
        problems.Add(LmEvalScoring.At(cfg.Get("group")!, ProblemSeverity.Warning,
            $"group '{name}': its {members.Count} tasks are loaded as separate suites and reported one by one (Arbiter has no group row); "
            + (weighted ? $"the group score is their item-weighted mean (items: {sizes})" : $"the group score is the plain mean of the {members.Count} task scores")));
        return members;
    }

    /// <summary>Task, group and tag names of the YAML files under a folder, read lazily once.</summary>
    private sealed class TaskIndex(string root, string self)
    {
        private Dictionary<string, List<string>>? _names;

        public string Root { get; } = root;

        public List<string> Find(string name)
        {
            _names ??= Build();
            return _names.TryGetValue(name, out var files) ? files : [];
        }

        private Dictionary<string, List<string>> Build()
        {
            var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Root, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (Path.GetFullPath(file) == self) continue;
                try
                {
                    var stream = new YamlStream();
                    using (var reader = File.OpenText(file)) stream.Load(reader);
                    if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode map) continue;
                    foreach (var key in new[] { "task", "group", "tag" })
                    {
                        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var v)) continue;
                        var values = v is YamlSequenceNode s ? s.Children.OfType<YamlScalarNode>() : v is YamlScalarNode one ? [one] : [];
                        foreach (var n in values)
                        {
                            if (n.Value is { Length: > 0 } name) (names.TryGetValue(name, out var l) ? l : names[name] = []).Add(file);
                        }
                    }
                }
                catch (YamlException)
                {
                    // A file that does not parse is reported when a group names it, not while indexing.
                }
            }

            return names;
        }
    }
}
