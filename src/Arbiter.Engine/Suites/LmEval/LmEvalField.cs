using Arbiter.Engine.Config;
using Arbiter.Engine.Suites.Templates;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.LmEval;

/// <summary>
/// One of <c>doc_to_text</c>, <c>doc_to_target</c>, <c>doc_to_choice</c> as lm-eval's <c>ConfigurableTask</c>
/// reads it: an int or a list is a constant; a string that names a field of the document is that field;
/// any other string is a Jinja template (strict undefined). A template that renders to a list literal
/// (<c>"{{choices.text}}"</c>) is read back as that list, as lm-eval's <c>ast.literal_eval</c> does.
/// </summary>
internal sealed class LmEvalField
{
    private readonly LmEvalEntry _entry;
    private readonly object? _constant;
    private readonly string? _text;
    private readonly TextTemplate? _template;

    private LmEvalField(string key, LmEvalEntry entry, object? constant, string? text, TextTemplate? template)
    {
        Key = key;
        _entry = entry;
        _constant = constant;
        _text = text;
        _template = template;
    }

    public string Key { get; }

    /// <summary>Null when the key is absent; throws (at the key's line) when the template is outside the supported subset.</summary>
    public static LmEvalField? Compile(LmEvalYaml cfg, string key)
    {
        if (cfg.Get(key) is not { } entry) return null;
        var y = entry.File;
        switch (entry.Node)
        {
            case YamlSequenceNode list:
                return new LmEvalField(key, entry, list.Children.Select(c => (object?)y.Scalar(c)).ToList(), null, null);
            case YamlMappingNode map:
                return new LmEvalField(key, entry, map.Children.Values.Select(c => (object?)y.Scalar(c)).ToList(), null, null);
            case YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when long.TryParse(s.Value, out var n):
                return new LmEvalField(key, entry, n, null, null);
        }

        var text = y.Scalar(entry.Node);
        try
        {
            return new LmEvalField(key, entry, null, text, TextTemplate.Parse(text, python: true));
        }
        catch (TemplateException ex)
        {
            throw y.Error(entry.Node, $"{key}: {ex.Message} (at character {ex.Offset + 1} of the template)");
        }
    }

    /// <summary>The value for one document; a template error names the data row and the key's line.</summary>
    public object? Evaluate(LmEvalDoc doc, string dataFile)
    {
        if (_template is null) return _constant;
        if (doc.Fields.TryGetValue(_text!, out var field)) return field;
        try
        {
            var value = _template.Evaluate(doc.Fields);
            return Key != "doc_to_text" && value is string s && s.Length >= 2 && s[0] == '[' && s[^1] == ']' ? LiteralOr(s) : value;
        }
        catch (TemplateException ex)
        {
            throw new ConfigException(dataFile, doc.Line, 1, $"{Key} ({_entry.File.File}:{_entry.Node.Start.Line}): {ex.Message}");
        }
    }

    /// <summary>The text form (lm-eval prints with Python's <c>str</c>).</summary>
    public static string Text(object? value) => TemplateValues.ToText(value, python: true);

    private static object? LiteralOr(string s)
    {
        try
        {
            return TemplateExpression.Compile(s, 0)(new TemplateScope(new Dictionary<string, object?>(), python: true));
        }
        catch (TemplateException)
        {
            return s;
        }
    }
}
