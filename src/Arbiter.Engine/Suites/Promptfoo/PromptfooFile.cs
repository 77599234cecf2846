using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites.Templates;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.Promptfoo;

/// <summary>
/// Loads a promptfoo config (or a bare promptfoo test CSV) as suites: one suite per prompt, one item per
/// test (after <c>defaultTest</c> is merged in and list-valued vars are expanded, as promptfoo does), the
/// prompt rendered with the test's vars (Nunjucks subset), scored by the test's deterministic asserts.
/// Asserts Arbiter cannot check (<c>llm-rubric</c>, <c>javascript</c>, <c>similar</c>…) are listed as
/// unsupported with file:line; a test left with no checkable assert is not loaded (it would score nothing).
/// </summary>
internal static class PromptfooFile
{
    public static bool Looks(YamlMappingNode root) =>
        !root.Children.ContainsKey(new YamlScalarNode("id")) && root.Children.ContainsKey(new YamlScalarNode("prompts"));

    public static SuiteFile Load(string path, YamlNodes y, YamlMappingNode root)
    {
        var problems = new List<SuiteProblem>();
        try
        {
            var prompts = PromptfooConfig.Prompts(y, root, problems);
            var models = PromptfooConfig.Providers(y, root, problems);
            PromptfooConfig.ReportUnread(y, root, problems);
            var templates = y.OptionalMap(root, "assertionTemplates");
            var defaults = y.OptionalMap(root, "defaultTest") is { } dt ? Test(y, dt, templates, problems) : null;
            var tests = Tests(y, root, templates, problems);
            var name = Path.GetFileNameWithoutExtension(path);
            var id = name.StartsWith("promptfooconfig", StringComparison.OrdinalIgnoreCase) ? new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!).Name : name;
            var suites = Build(id, y.OptionalString(root, "description"), prompts, tests, defaults, problems, path);
            return new SuiteFile(path, "promptfoo", suites, problems) { Models = models };
        }
        catch (ConfigException ex)
        {
            problems.Add(new SuiteProblem(ex.File, ex.Line, ex.Column, ProblemSeverity.Error, ex.Reason));
            return new SuiteFile(path, "promptfoo", [], problems);
        }
    }

    /// <summary>A test CSV on its own: with a single var column that column is the prompt; otherwise a config must name it.</summary>
    public static SuiteFile LoadCsv(string path)
    {
        var problems = new List<SuiteProblem>();
        try
        {
            var tests = PromptfooCsv.Read(path, problems);
            var vars = tests.SelectMany(t => t.Vars.Keys).Distinct().ToList();
            if (vars.Count != 1)
            {
                throw new ConfigException(path, 1, 1, $"a promptfoo test CSV with {vars.Count} var columns has no prompt: name it from a promptfooconfig.yaml (tests: file://{Path.GetFileName(path)}), or keep one var column, which is then sent as the prompt");
            }

            var prompt = new PromptfooPrompt("{{" + vars[0] + "}}", null, path, 1);
            return new SuiteFile(path, "promptfoo-csv", Build(Path.GetFileNameWithoutExtension(path), null, [prompt], tests, null, problems, path), problems);
        }
        catch (ConfigException ex)
        {
            problems.Add(new SuiteProblem(ex.File, ex.Line, ex.Column, ProblemSeverity.Error, ex.Reason));
            return new SuiteFile(path, "promptfoo-csv", [], problems);
        }
    }

    private static List<PromptfooTest> Tests(YamlNodes y, YamlMappingNode root, YamlMappingNode? templates, List<SuiteProblem> problems)
    {
        var tests = new List<PromptfooTest>();
        if (y.Get(root, "tests") is not { } node) return tests;
        foreach (var entry in node is YamlSequenceNode s ? s.Children : [node])
        {
            if (entry is YamlMappingNode map)
            {
                tests.Add(Test(y, map, templates, problems));
                continue;
            }

            var reference = y.Scalar(entry);
            if (!reference.StartsWith("file://", StringComparison.Ordinal) || !reference.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                throw y.Error(entry, $"tests entry '{reference}': only inline tests and file://….csv are read");
            }

            tests.AddRange(PromptfooCsv.Read(PromptfooConfig.Resolve(y, entry, reference)!, problems));
        }

        return tests;
    }

    private static PromptfooTest Test(YamlNodes y, YamlMappingNode map, YamlMappingNode? templates, List<SuiteProblem> problems)
    {
        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in (IEnumerable<KeyValuePair<YamlNode, YamlNode>>?)y.OptionalMap(map, "vars")?.Children ?? [])
        {
            var value = Value(v);
            if (value is string s && s.StartsWith("file://", StringComparison.Ordinal)) value = File.ReadAllText(PromptfooConfig.Resolve(y, v, s)!);
            vars[y.Scalar(k)] = value;
        }

        if (y.Get(map, "threshold") is { } threshold)
        {
            problems.Add(new SuiteProblem(y.File, threshold.Start.Line, threshold.Start.Column, ProblemSeverity.Unsupported, "'threshold' is ignored: a test passes when all its asserts pass"));
        }

        var options = y.OptionalMap(map, "options");
        return new PromptfooTest(vars, PromptfooAsserts.FromYaml(y, y.Get(map, "assert"), templates), y.OptionalString(map, "description"), y.File, map.Start.Line)
        {
            Prefix = options is null ? "" : y.OptionalString(options, "prefix") ?? "",
            Suffix = options is null ? "" : y.OptionalString(options, "suffix") ?? "",
        };
    }

    private static object? Value(YamlNode node) => node switch
    {
        YamlSequenceNode s => s.Children.Select(Value).ToList(),
        YamlMappingNode m => m.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? "", p => Value(p.Value)),
        YamlScalarNode sc => sc.Value,
        _ => null,
    };

    private static List<Suite> Build(string id, string? description, List<PromptfooPrompt> prompts, List<PromptfooTest> tests, PromptfooTest? defaults,
        List<SuiteProblem> problems, string path)
    {
        var reported = new HashSet<(string, long, long)>();
        foreach (var a in tests.SelectMany(t => t.Asserts).Concat(defaults?.Asserts ?? []).Where(a => !a.Supported))
        {
            if (!reported.Add((a.File, a.Line, a.Column))) continue;
            var why = a.Type is "not-llm-rubric" or "model-graded-closedqa" or "factuality" or "g-eval" ? "a model-graded assert Arbiter does not grade (only llm-rubric is)" : "not checked by Arbiter";
            problems.Add(new SuiteProblem(a.File, a.Line, a.Column, ProblemSeverity.Unsupported, $"assert '{a.Type}' is {why}"));
        }

        var suites = new List<Suite>();
        for (var p = 0; p < prompts.Count; p++)
        {
            var prompt = prompts[p];
            TextTemplate template;
            try
            {
                template = TextTemplate.Parse(prompt.Text, python: false);
            }
            catch (TemplateException ex)
            {
                throw new ConfigException(prompt.File, prompt.Line, 1, $"prompt: {ex.Message}");
            }

            var suiteId = prompts.Count == 1 ? id : $"{id}-{Slug(prompt.Label) ?? "p" + (p + 1).ToString(CultureInfo.InvariantCulture)}";
            var items = new List<SuiteItem>();
            var skipped = 0;
            foreach (var test in tests.SelectMany(t => Expand(t, defaults)))
            {
                var asserts = (defaults?.Asserts ?? []).Concat(test.Asserts).ToList();
                if (!asserts.Any(a => a.Supported))
                {
                    skipped++;
                    continue;
                }

                string text;
                try
                {
                    text = test.Prefix + template.Render(test.Vars) + test.Suffix;
                }
                catch (TemplateException ex)
                {
                    throw new ConfigException(test.File, test.Line, 1, $"rendering prompt {p + 1} ({prompt.File}:{prompt.Line}): {ex.Message}");
                }

                var options = PromptfooAsserts.Options(asserts, test.Vars);
                var gold = options.SkipWhile(o => o.Key != "assert" || o.Value != "equals").Skip(1).FirstOrDefault(o => o.Key == "value").Value;
                var meta = new Dictionary<string, string> { ["line"] = test.Line.ToString(CultureInfo.InvariantCulture), ["file"] = Path.GetFileName(test.File) };
                if (test.Description is { } d) meta["description"] = d;
                var n = (items.Count + 1).ToString("D3", CultureInfo.InvariantCulture);
                // A test with an llm-rubric is graded by a judge model (the run's --judge), after its deterministic asserts.
                var kind = options.Any(o => o.Key == "rubric") ? Scoring.Rubric.RubricScorer.Kind : "asserts";
                items.Add(new SuiteItem($"{suiteId}-{n}", Turns(text), null, gold, null, meta) { Scorer = new ScorerSpec(kind) { Options = options } });
            }

            if (skipped > 0)
            {
                problems.Add(new SuiteProblem(prompt.File, prompt.Line, 1, ProblemSeverity.Warning, $"{suiteId}: {skipped} tests have no assert Arbiter can check and are not loaded"));
            }

            if (items.Count == 0) throw new ConfigException(path, 1, 1, $"{suiteId}: no test has an assert Arbiter can check");
            suites.Add(new Suite(suiteId, "1", "general", "en", Confidentiality.Public, new ScorerSpec("asserts"), items)
            {
                Title = prompt.Label ?? description,
                PromptTemplate = "{question}",
                Source = path,
            });
        }

        return suites;
    }

    /// <summary>defaultTest vars under the test's own; a list-valued var makes one test per value (promptfoo's var expansion).</summary>
    private static IEnumerable<PromptfooTest> Expand(PromptfooTest test, PromptfooTest? defaults)
    {
        var vars = new Dictionary<string, object?>(defaults?.Vars ?? [], StringComparer.Ordinal);
        foreach (var (k, v) in test.Vars) vars[k] = v;
        IEnumerable<Dictionary<string, object?>> combos = [vars];
        foreach (var (k, v) in vars.Where(p => p.Value is List<object?>).ToList())
        {
            combos = combos.SelectMany(c => ((List<object?>)v!).Select(x => new Dictionary<string, object?>(c, StringComparer.Ordinal) { [k] = x })).ToList();
        }

        return combos.Select(c => test with { Vars = c, Prefix = (defaults?.Prefix ?? "") + test.Prefix, Suffix = test.Suffix + (defaults?.Suffix ?? "") });
    }

    /// <summary>A prompt that renders to a JSON list of {role, content} is a chat; anything else is one user turn.</summary>
    private static List<ChatTurn> Turns(string text)
    {
        if (text.TrimStart().StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var turns = doc.RootElement.EnumerateArray().Select(e => new ChatTurn(e.GetProperty("role").GetString()!, e.GetProperty("content").GetString()!)).ToList();
                if (turns.Count > 0) return turns;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // Not a chat: the text itself is the prompt.
            }
        }

        return [new ChatTurn("user", text)];
    }

    private static string? Slug(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        var slug = new string(label.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return slug.Length == 0 ? null : slug;
    }
}
