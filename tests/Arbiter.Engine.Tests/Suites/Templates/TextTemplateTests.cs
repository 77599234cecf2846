using Arbiter.Engine.Suites.Templates;

namespace Arbiter.Engine.Tests.Suites.Templates;

public sealed class TextTemplateTests
{
    private static readonly Dictionary<string, object?> Doc = new()
    {
        ["question"] = "  Why is the sky blue?  ",
        ["answer"] = "Rayleigh scattering #### 42",
        ["label"] = 2L,
        ["choices"] = new Dictionary<string, object?>
        {
            ["text"] = new List<object?> { "red", "green", "blue" },
            ["label"] = new List<object?> { "A", "B", "C" },
        },
        ["answerKey"] = "C",
        ["options"] = new List<object?> { "one", "two" },
    };

    [Theory]
    // Forms counted in lm-eval's task YAMLs (variables, methods, indexes, filters, literals, loops).
    [InlineData("Question: {{question}}\nAnswer:", "Question:   Why is the sky blue?  \nAnswer:")]
    [InlineData("{{question.strip()}}", "Why is the sky blue?")]
    [InlineData("{{question|trim}}", "Why is the sky blue?")]
    [InlineData("{{choices.text[2]}}", "blue")]
    [InlineData("{{choices.label.index(answerKey)}}", "2")]
    [InlineData("{{ 'ABC'[label] }}", "C")]
    [InlineData("{{['no', 'maybe', 'yes'][label]}}", "yes")]
    [InlineData("{{answer.split('#### ')[-1].strip()}}", "42")]
    [InlineData("{{label-1}}", "1")]
    [InlineData("{{label|string}}", "2")]
    [InlineData("{{choices.text}}", "['red', 'green', 'blue']")]
    [InlineData("{{\"Q: \"+question.strip()+\"\\nA:\"}}", "Q: Why is the sky blue?\nA:")]
    [InlineData("{% for c in choices.text %}{{ 'ABC'[loop.index0] }}. {{c}}\n{% endfor %}", "A. red\nB. green\nC. blue\n")]
    [InlineData("{%- if label > 1 -%}  big  {%- else -%} small {%- endif %}", "big")]
    [InlineData("{{options|join(', ')}}", "one, two")]
    [InlineData("{{answer|regex_replace('\\\\s*####.*', '')}}", "Rayleigh scattering")]
    [InlineData("{{ 'x' if label == 2 else 'y' }}", "x")]
    public void Renders_the_jinja_forms_real_tasks_use(string template, string expected)
    {
        Assert.Equal(expected, TextTemplate.Parse(template, python: true).Render(Doc));
    }

    [Fact]
    public void A_single_expression_keeps_its_value_so_a_choice_list_stays_a_list()
    {
        var value = TextTemplate.Parse("{{choices.text}}", python: true).Evaluate(Doc);
        Assert.Equal(new List<object?> { "red", "green", "blue" }, value);
    }

    [Fact]
    public void Jinja_is_strict_about_undefined_names_and_nunjucks_prints_nothing()
    {
        var ex = Assert.Throws<TemplateException>(() => TextTemplate.Parse("A {{missing}}", python: true).Render(Doc));
        Assert.Contains("'missing' is undefined", ex.Message, StringComparison.Ordinal);
        Assert.Equal("A ", TextTemplate.Parse("A {{missing}}", python: false).Render(Doc));
    }

    [Fact]
    public void Nunjucks_load_filter_parses_json_vars_as_promptfoo_does()
    {
        var vars = new Dictionary<string, object?> { ["style"] = """{"tone":"formal"}""" };
        Assert.Equal("Tone: formal", TextTemplate.Parse("Tone: {{ (style | load).tone }}", python: false).Render(vars));
    }

    [Theory]
    [InlineData("{{ x | nosuchfilter }}", "unsupported filter 'nosuchfilter'", 7)]
    [InlineData("{% macro m() %}{% endmacro %}", "unsupported statement", 2)]
    [InlineData("{% for x in y %}no end", "is not closed", 22)]
    [InlineData("{{ x ", "is not closed", 0)]
    public void Outside_the_subset_fails_when_compiled_with_the_offset(string template, string message, int offset)
    {
        var ex = Assert.Throws<TemplateException>(() => TextTemplate.Parse(template, python: true));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(offset, ex.Offset);
    }
}
