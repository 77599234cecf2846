using System.Globalization;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.LmEval;

/// <summary>
/// Builds an Arbiter suite from one merged lm-eval task config (see <see cref="LmEvalYaml"/>). Reads local
/// datasets only (<c>dataset_path: json|csv</c> with <c>dataset_kwargs.data_files</c>). A
/// <c>multiple_choice</c> task becomes a generative multiple-choice suite: the options are shown and the
/// model answers with a letter, where lm-eval compares the log-likelihoods of the choices.
/// </summary>
internal static class LmEvalTask
{
    private static readonly string[] FunctionKeysThatBlock = ["doc_to_text", "doc_to_target", "doc_to_choice", "custom_dataset"];

    /// <summary>The suite, or null when the task cannot be loaded (the reason is in <paramref name="problems"/>).</summary>
    public static Suite? Build(LmEvalYaml cfg, List<SuiteProblem> problems)
    {
        var name = cfg.String("task") ?? throw cfg.Error("task", "missing 'task' (the task name)");
        var blocked = false;
        foreach (var (key, node, file) in cfg.Functions())
        {
            var root = key.Split('.', '[')[0];
            var blocks = FunctionKeysThatBlock.Contains(root);
            blocked |= blocks;
            problems.Add(LmEvalScoring.At(file, node, blocks ? ProblemSeverity.Error : ProblemSeverity.Unsupported,
                $"{name}: {key}: !function {((YamlScalarNode)node).Value} is Python code, which Arbiter does not run"
                + (blocks ? "; the task is not loaded" : root == "process_docs" ? "; documents are used as stored" : "; ignored")));
        }

        if (blocked) return null;
        var outputType = cfg.String("output_type") ?? "generate_until";
        if (outputType is not ("generate_until" or "multiple_choice" or "loglikelihood"))
        {
            throw cfg.Error("output_type", $"{name}: output_type '{outputType}' has no generative equivalent; the task is not loaded");
        }

        var data = LmEvalData.Open(cfg, name);
        var evalSplit = cfg.String("test_split") ?? cfg.String("validation_split")
            ?? throw new ConfigException(cfg.File, 1, 1, $"{name}: neither test_split nor validation_split is set");
        if (!data.Has(evalSplit))
        {
            throw cfg.Error(cfg.String("test_split") is not null ? "test_split" : "validation_split",
                $"{name}: split '{evalSplit}' is not in dataset_kwargs.data_files (it has: {string.Join(", ", data.Splits)})");
        }

        var text = LmEvalField.Compile(cfg, "doc_to_text") ?? throw cfg.Error("task", $"{name}: missing doc_to_text");
        var target = LmEvalField.Compile(cfg, "doc_to_target") ?? throw cfg.Error("task", $"{name}: missing doc_to_target");
        var choice = LmEvalField.Compile(cfg, "doc_to_choice");
        var mc = outputType == "multiple_choice";
        if (mc && choice is null) throw cfg.Error("output_type", $"{name}: output_type multiple_choice needs doc_to_choice");

        var items = Items(data, evalSplit, name, text, target, choice, mc);
        if (items.Count == 0) throw cfg.Error("task", $"{name}: split '{evalSplit}' has no documents");
        var k = cfg.Int("num_fewshot", 0, 64) ?? 0;
        IReadOnlyList<SuiteItem> shots = [];
        if (k > 0)
        {
            // lm-eval: fewshot_split, else training_split, else validation_split (when it is not the one evaluated).
            var validation = cfg.String("validation_split");
            var shotSplit = cfg.String("fewshot_split") ?? cfg.String("training_split") ?? (validation != evalSplit ? validation : null);
            shots = shotSplit is not null && data.Has(shotSplit) ? Items(data, shotSplit, name + "-shot", text, target, choice, mc) : items;
            if (shotSplit is not null && !data.Has(shotSplit))
            {
                problems.Add(new SuiteProblem(cfg.File, 1, 1, ProblemSeverity.Warning, $"{name}: few-shot split '{shotSplit}' is not in data_files; examples come from the evaluated items (each left out of its own prompt)"));
            }

            var sampler = cfg.Get("fewshot_config") is { Node: YamlMappingNode fc } f ? f.File.OptionalString(fc, "sampler") : null;
            if (sampler != "first_n")
            {
                problems.Add(new SuiteProblem(cfg.File, 1, 1, ProblemSeverity.Warning, $"{name}: the {k} few-shot examples are the first in file order (lm-eval samples them at random), so prompts differ from lm-eval's"));
            }
        }

        var loglikelihood = outputType == "loglikelihood";
        if (mc)
        {
            problems.Add(At(cfg, "output_type", ProblemSeverity.Warning,
                $"{name}: multiple_choice task loaded as a generative multiple-choice suite: the model sees the options and answers with a letter (lm-eval compares choice log-likelihoods), so accuracy is not lm-eval's acc"));
        }
        else if (loglikelihood)
        {
            problems.Add(At(cfg, "output_type", ProblemSeverity.Warning,
                $"{name}: loglikelihood task loaded as generation: the answer must equal the target continuation (lm-eval checks whether it is the greedy continuation)"));
        }

        var lettersOnly = mc && items.All(i => i.Choices!.Select((c, n) => c.Trim() == ((char)('A' + n)).ToString()).All(b => b));
        var description = cfg.String("description");
        return new Suite(name, Version(cfg), "general", "en", Confidentiality.Public,
            mc ? new ScorerSpec("choice") : LmEvalScoring.Generative(cfg, name, problems, loglikelihood), items)
        {
            Title = cfg.String("task_alias"),
            SystemPrompt = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            // The task's own prompt is sent verbatim; options are listed only when the prompt does not already letter them.
            PromptTemplate = !mc ? "{question}" : lettersOnly ? "{question}\n\n{instruction}" : null,
            FewShot = shots,
            FewShotK = k,
            Epochs = cfg.Int("repeats", 1, 1000) ?? 1,
            Stop = LmEvalScoring.Until(cfg),
            Source = cfg.File,
        };
    }

    private static List<SuiteItem> Items(LmEvalData data, string split, string idPrefix, LmEvalField text, LmEvalField target, LmEvalField? choice, bool mc)
    {
        var items = new List<SuiteItem>();
        foreach (var (doc, file) in data.Docs(split))
        {
            var n = items.Count + 1;
            var prompt = LmEvalField.Text(text.Evaluate(doc, file));
            List<string>? choices = null;
            if (choice is not null)
            {
                choices = choice.Evaluate(doc, file) is List<object?> list ? list.Select(LmEvalField.Text).ToList()
                    : throw new ConfigException(file, doc.Line, 1, "doc_to_choice did not give a list");
            }

            var (gold, aliases) = Gold(target.Evaluate(doc, file), choices, mc, file, doc.Line);
            var meta = new Dictionary<string, string>
            {
                ["line"] = doc.Line.ToString(CultureInfo.InvariantCulture),
                ["split"] = split,
            };
            if (!mc) meta["solution"] = gold; // a few-shot answer is the target as written
            items.Add(new SuiteItem($"{idPrefix}-{n.ToString("D4", CultureInfo.InvariantCulture)}", [new ChatTurn("user", prompt)], mc ? choices : null, gold, aliases, meta));
        }

        return items;
    }

    /// <summary>lm-eval's target: an index into the choices (an int, or a digit string when choices exist), else text.</summary>
    private static (string Gold, IReadOnlyList<string>? Aliases) Gold(object? value, List<string>? choices, bool mc, string file, long line)
    {
        if (value is List<object?> { Count: > 0 } many)
        {
            var all = many.Select(v => Gold(v, choices, mc, file, line).Gold).ToList();
            return (all[0], all.Count > 1 ? all.Skip(1).ToList() : null);
        }

        long? index = value switch
        {
            long l => l,
            string s when choices is not null && s.Length > 0 && s.All(char.IsAsciiDigit) => long.Parse(s, CultureInfo.InvariantCulture),
            string s when mc && choices!.IndexOf(s) is var i && i >= 0 => i,
            _ => null,
        };
        if (index is null)
        {
            return mc ? throw new ConfigException(file, line, 1, $"doc_to_target '{LmEvalField.Text(value)}' is neither an index nor one of the choices")
                : (LmEvalField.Text(value), null);
        }

        if (choices is null) return (index.Value.ToString(CultureInfo.InvariantCulture), null);
        if (index < 0 || index >= choices.Count) throw new ConfigException(file, line, 1, $"doc_to_target index {index} is outside the {choices.Count} choices");
        if (mc && choices.Count > 26) throw new ConfigException(file, line, 1, "more than 26 choices cannot be lettered");
        return (mc ? ((char)('A' + index.Value)).ToString() : choices[(int)index.Value], null);
    }

    private static string Version(LmEvalYaml cfg) =>
        cfg.Get("metadata") is { Node: YamlMappingNode m } e ? e.File.OptionalString(m, "version") ?? "1" : "1";

    private static SuiteProblem At(LmEvalYaml cfg, string key, ProblemSeverity severity, string message) =>
        cfg.Get(key) is { } e ? LmEvalScoring.At(e, severity, message) : new SuiteProblem(cfg.File, 1, 1, severity, message);
}
