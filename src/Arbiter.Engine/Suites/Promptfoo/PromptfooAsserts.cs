using System.Text.RegularExpressions;
using Arbiter.Engine.Config;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Suites.Templates;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.Promptfoo;

/// <summary>One promptfoo assert as written (values are Nunjucks templates over the test's vars) and where.</summary>
internal sealed record PromptfooAssert(string Type, IReadOnlyList<string> Values, string File, long Line, long Column)
{
    public bool Supported => Type == LlmRubric || PromptfooAssertScorer.Types.Contains(Type.StartsWith("not-", StringComparison.Ordinal) ? Type[4..] : Type);

    /// <summary>promptfoo's model-graded assert, graded by <c>scorer: rubric</c> (its value is the rubric).</summary>
    public const string LlmRubric = "llm-rubric";
}

/// <summary>Reads promptfoo asserts from YAML (<c>assert:</c> lists, <c>$ref</c> to <c>assertionTemplates</c>) and from CSV <c>__expected</c> cells.</summary>
internal static partial class PromptfooAsserts
{
    // promptfoo's BaseAssertionTypesSchema (src/types/index.ts), which decides whether "type:value" in a CSV cell names an assert.
    private static readonly string[] BaseTypes =
    [
        "answer-relevance", "bleu", "classifier", "contains", "contains-all", "contains-any", "contains-html", "contains-json", "contains-sql",
        "contains-xml", "context-faithfulness", "context-recall", "context-relevance", "conversation-relevance", "cost", "equals", "factuality",
        "finish-reason", "g-eval", "gleu", "guardrails", "icontains", "icontains-all", "icontains-any", "is-html", "is-json", "is-refusal", "is-sql",
        "is-valid-function-call", "is-valid-openai-function-call", "is-valid-openai-tools-call", "is-xml", "javascript", "latency", "levenshtein",
        "llm-rubric", "pi", "meteor", "model-graded-closedqa", "model-graded-factuality", "moderation", "perplexity", "perplexity-score", "python",
        "regex", "rouge-n", "similar", "starts-with", "trace-error-spans", "trace-span-count", "trace-span-duration", "webhook",
    ];

    private static readonly Regex CellPattern = new(
        "^(not-)?(" + string.Join('|', BaseTypes.OrderByDescending(t => t.Length).Select(Regex.Escape)) + @")(?:\((\d+(?:\.\d+)?)\))?(?::([\s\S]*))?$",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>promptfoo's <c>assertionFromString</c> (src/csv.ts): legacy prefixes, then <c>[not-]type[(threshold)][:value]</c>, else equality.</summary>
    public static PromptfooAssert FromCell(string cell, string file, long line, long column)
    {
        string[] javascript = ["javascript:", "fn:", "eval:"];
        if (javascript.FirstOrDefault(p => cell.StartsWith(p, StringComparison.Ordinal)) is { } js) return new("javascript", [cell[js.Length..].Trim()], file, line, column);
        if (cell.StartsWith("grade:", StringComparison.Ordinal)) return new("llm-rubric", [cell[6..]], file, line, column);
        if (cell.StartsWith("llm-rubric:", StringComparison.Ordinal)) return new("llm-rubric", [cell[11..]], file, line, column);
        if (cell.StartsWith("python:", StringComparison.Ordinal) || (cell.StartsWith("file://", StringComparison.Ordinal) && cell.Contains(".py", StringComparison.Ordinal)))
        {
            return new("python", [cell], file, line, column);
        }

        var m = CellPattern.Match(cell);
        if (!m.Success) return new("equals", [cell], file, line, column);
        var type = m.Groups[1].Value + m.Groups[2].Value;
        var value = m.Groups[4].Success ? m.Groups[4].Value : "";
        var values = m.Groups[2].Value is "contains-all" or "contains-any" or "icontains-all" or "icontains-any"
            ? value.Split(',').Select(s => s.Trim()).ToList()
            : value.Length > 0 ? [value] : new List<string>();
        return new(type, values, file, line, column);
    }

    /// <summary>An <c>assert:</c> list; <c>$ref: '#/assertionTemplates/NAME'</c> entries are resolved against <paramref name="templates"/>.</summary>
    public static List<PromptfooAssert> FromYaml(YamlNodes y, YamlNode? list, YamlMappingNode? templates)
    {
        var asserts = new List<PromptfooAssert>();
        if (list is null) return asserts;
        if (list is not YamlSequenceNode seq) throw y.Error(list, "'assert' must be a list");
        foreach (var node in seq.Children)
        {
            var map = node as YamlMappingNode ?? throw y.Error(node, "an assert must be a mapping with 'type'");
            if (y.OptionalString(map, "$ref") is { } reference)
            {
                const string prefix = "#/assertionTemplates/";
                var name = reference.StartsWith(prefix, StringComparison.Ordinal) ? reference[prefix.Length..] : null;
                var target = name is null || templates is null ? null : y.Get(templates, name) as YamlMappingNode;
                map = target ?? throw y.Error(node, $"$ref '{reference}' does not name an entry of assertionTemplates");
            }

            var typeNode = y.Get(map, "type") ?? throw y.Error(map, "an assert needs 'type'");
            var type = y.Scalar(typeNode).Trim();
            var valueNode = y.Get(map, "value");
            var values = valueNode switch
            {
                null => [],
                YamlSequenceNode vs => vs.Children.Select(y.Scalar).ToList(),
                YamlMappingNode => throw y.Error(valueNode, $"an object value for '{type}' is not supported"),
                _ => [y.Scalar(valueNode)],
            };
            asserts.Add(new PromptfooAssert(type, values, y.File, typeNode.Start.Line, typeNode.Start.Column));
        }

        return asserts;
    }

    /// <summary>
    /// The scorer options for the supported asserts, values rendered with the test's vars; an <c>llm-rubric</c> becomes a
    /// <c>rubric</c> option (see <see cref="Scoring.Rubric.RubricScorer"/>), the others <c>assert</c>/<c>value</c> pairs.
    /// </summary>
    public static List<KeyValuePair<string, string>> Options(IEnumerable<PromptfooAssert> asserts, IReadOnlyDictionary<string, object?> vars)
    {
        var options = new List<KeyValuePair<string, string>>();
        foreach (var a in asserts.Where(a => a.Supported))
        {
            if (a.Type == PromptfooAssert.LlmRubric)
            {
                if (a.Values.Count == 0) throw new ConfigException(a.File, a.Line, a.Column, $"assert '{a.Type}' needs a value (the rubric)");
                options.AddRange(a.Values.Select(v => new KeyValuePair<string, string>("rubric", Render(v, vars, a))));
                continue;
            }

            options.Add(new("assert", a.Type));
            if (a.Values.Count == 0 && a.Type != "is-json" && a.Type != "not-is-json") throw new ConfigException(a.File, a.Line, a.Column, $"assert '{a.Type}' needs a value");
            foreach (var v in a.Values)
            {
                var rendered = Render(v, vars, a);
                if (a.Type.EndsWith("regex", StringComparison.Ordinal)) ScorerFactory.ValidatePattern(rendered, msg => new ConfigException(a.File, a.Line, a.Column, msg));
                options.Add(new("value", rendered));
            }
        }

        return options;
    }

    public static string Render(string template, IReadOnlyDictionary<string, object?> vars, PromptfooAssert at)
    {
        if (!template.Contains("{{", StringComparison.Ordinal) && !template.Contains("{%", StringComparison.Ordinal)) return template;
        try
        {
            return TextTemplate.Parse(template, python: false).Render(vars);
        }
        catch (TemplateException ex)
        {
            throw new ConfigException(at.File, at.Line, at.Column, $"assert value: {ex.Message}");
        }
    }
}
