using System.Text;
using static Arbiter.Engine.Suites.Templates.TemplateValues;

namespace Arbiter.Engine.Suites.Templates;

/// <summary>
/// A compiled Jinja (lm-eval, rendered as Python would: strict undefined, <c>True</c>, <c>['a', 'b']</c>)
/// or Nunjucks (promptfoo: undefined prints nothing) template: <c>{{ expr }}</c>, <c>{% for %}</c>
/// (with <c>loop.index</c>), <c>{% if/elif/else %}</c>, <c>{% set %}</c>, <c>{# comments #}</c> and
/// <c>-</c> whitespace control. Compiling fails on anything outside the subset, with the offset.
/// </summary>
internal sealed class TextTemplate
{
    private abstract record Node;
    private sealed record TextNode(string Text) : Node;
    private sealed record OutputNode(Func<TemplateScope, object?> Value, int Offset) : Node;
    private sealed record ForNode(string[] Names, Func<TemplateScope, object?> Items, List<Node> Body, List<Node> Else, int Offset) : Node;
    private sealed record IfNode(List<(Func<TemplateScope, object?> Cond, List<Node> Body)> Branches, List<Node> Else) : Node;
    private sealed record SetNode(string Name, Func<TemplateScope, object?> Value) : Node;

    private readonly List<Node> _nodes;

    private TextTemplate(string source, List<Node> nodes, bool python)
    {
        Source = source;
        _nodes = nodes;
        Python = python;
    }

    public string Source { get; }

    public bool Python { get; }

    /// <summary>True when the template is a single <c>{{ expr }}</c>, so <see cref="Evaluate"/> returns the value itself (a list, a number).</summary>
    public bool IsSingleExpression => _nodes is [OutputNode];

    public static TextTemplate Parse(string source, bool python)
    {
        var root = new List<Node>();
        var stack = new Stack<(string Kind, List<Node> Into, Node Owner)>();
        var current = root;
        var i = 0;
        var trimNext = false;
        while (i < source.Length)
        {
            var open = IndexOfOpen(source, i);
            var text = source[i..(open < 0 ? source.Length : open)];
            if (trimNext) text = text.TrimStart();
            trimNext = false;
            if (open < 0)
            {
                if (text.Length > 0) current.Add(new TextNode(text));
                break;
            }

            var kind = source[open + 1];
            var close = kind switch { '{' => "}}", '%' => "%}", _ => "#}" };
            var end = source.IndexOf(close, open + 2, StringComparison.Ordinal);
            if (end < 0) throw new TemplateException($"'{source.Substring(open, 2)}' is not closed by '{close}'", open);
            var innerStart = open + 2;
            var innerEnd = end;
            if (innerStart < innerEnd && source[innerStart] == '-')
            {
                text = text.TrimEnd();
                innerStart++;
            }

            if (innerEnd > innerStart && source[innerEnd - 1] == '-')
            {
                trimNext = true;
                innerEnd--;
            }

            if (text.Length > 0) current.Add(new TextNode(text));
            var inner = source[innerStart..innerEnd];
            i = end + 2;
            if (kind == '#') continue;
            if (kind == '{')
            {
                current.Add(new OutputNode(TemplateExpression.Compile(inner, innerStart), innerStart));
                continue;
            }

            current = Statement(inner, innerStart, current, stack, root);
        }

        if (stack.Count > 0) throw new TemplateException($"'{{% {stack.Peek().Kind} %}}' is not closed by '{{% end{stack.Peek().Kind} %}}'", source.Length);
        return new TextTemplate(source, root, python);
    }

    private static List<Node> Statement(string inner, int at, List<Node> current, Stack<(string Kind, List<Node> Into, Node Owner)> stack, List<Node> root)
    {
        var p = TemplateExpression.Over(inner, at);
        var word = p.ExpectName();
        switch (word)
        {
            case "for":
                var names = new List<string> { p.ExpectName() };
                while (p.Accept(",")) names.Add(p.ExpectName());
                p.Expect("in");
                var loop = new ForNode([.. names], p.Ternary(), [], [], at);
                End(p);
                current.Add(loop);
                stack.Push(("for", current, loop));
                return loop.Body;
            case "if":
                var branch = new IfNode([(p.Ternary(), [])], []);
                End(p);
                current.Add(branch);
                stack.Push(("if", current, branch));
                return branch.Branches[0].Body;
            case "elif" when stack.Count > 0 && stack.Peek().Owner is IfNode elifOwner:
                elifOwner.Branches.Add((p.Ternary(), []));
                End(p);
                return elifOwner.Branches[^1].Body;
            case "else" when stack.Count > 0:
                End(p);
                return stack.Peek().Owner switch
                {
                    IfNode ifNode => ifNode.Else,
                    ForNode forNode => forNode.Else,
                    _ => throw new TemplateException("'else' outside if/for", at),
                };
            case "endfor" or "endif":
                End(p);
                if (stack.Count == 0 || "end" + stack.Peek().Kind != word) throw new TemplateException($"'{word}' does not close an open block", at);
                return stack.Pop().Into;
            case "set":
                var name = p.ExpectName();
                p.Expect("=");
                current.Add(new SetNode(name, p.Ternary()));
                End(p);
                return current;
            default:
                throw new TemplateException($"unsupported statement '{{% {word} %}}'", at);
        }
    }

    private static void End(TemplateExpression p)
    {
        if (p.Peek.Kind != TokenKind.End) throw new TemplateException($"unexpected '{p.Peek.Text}'", p.Peek.Offset);
    }

    private static int IndexOfOpen(string s, int from)
    {
        for (var i = s.IndexOf('{', from); i >= 0 && i + 1 < s.Length; i = s.IndexOf('{', i + 1))
        {
            if (s[i + 1] is '{' or '%' or '#') return i;
        }

        return -1;
    }

    /// <summary>Renders against <paramref name="vars"/>.</summary>
    public string Render(IReadOnlyDictionary<string, object?> vars)
    {
        var sb = new StringBuilder();
        Render(_nodes, new TemplateScope(vars, Python), sb);
        return sb.ToString();
    }

    /// <summary>The value of a single-expression template; the rendered text otherwise.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> vars) =>
        _nodes is [OutputNode only] ? Check(only.Value(new TemplateScope(vars, Python)), only.Offset) : Render(vars);

    private object? Check(object? v, int at) => v is Undefined u && Python ? throw new TemplateException($"'{u.Name}' is undefined", at) : v;

    private void Render(List<Node> nodes, TemplateScope scope, StringBuilder sb)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode t:
                    sb.Append(t.Text);
                    break;
                case OutputNode o:
                    try
                    {
                        sb.Append(ToText(o.Value(scope), Python));
                    }
                    catch (TemplateException ex) when (ex.Offset < 0)
                    {
                        throw new TemplateException(ex.Message, o.Offset);
                    }

                    break;
                case SetNode s:
                    scope.Set(s.Name, s.Value(scope));
                    break;
                case IfNode f:
                    var taken = f.Branches.FirstOrDefault(b => Truthy(b.Cond(scope)));
                    Render(taken.Body ?? f.Else, scope, sb);
                    break;
                case ForNode loop:
                    RenderLoop(loop, scope, sb);
                    break;
            }
        }
    }

    private void RenderLoop(ForNode loop, TemplateScope scope, StringBuilder sb)
    {
        var items = loop.Items(scope) switch
        {
            List<object?> l => l,
            Dictionary<string, object?> m => m.Keys.Cast<object?>().ToList(),
            string s => s.Select(c => (object?)c.ToString()).ToList(),
            Undefined when !Python => [],
            var other => throw new TemplateException($"cannot loop over {TypeName(other)}", loop.Offset),
        };
        if (items.Count == 0)
        {
            Render(loop.Else, scope, sb);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var frame = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["loop"] = new Dictionary<string, object?>
                {
                    ["index"] = (long)(i + 1), ["index0"] = (long)i, ["first"] = i == 0, ["last"] = i == items.Count - 1,
                    ["length"] = (long)items.Count, ["revindex"] = (long)(items.Count - i), ["revindex0"] = (long)(items.Count - i - 1),
                },
            };
            if (loop.Names.Length == 1)
            {
                frame[loop.Names[0]] = items[i];
            }
            else if (items[i] is List<object?> tuple && tuple.Count == loop.Names.Length)
            {
                for (var n = 0; n < tuple.Count; n++) frame[loop.Names[n]] = tuple[n];
            }
            else
            {
                throw new TemplateException($"cannot unpack {TypeName(items[i])} into {loop.Names.Length} names", loop.Offset);
            }

            scope.Push(frame);
            Render(loop.Body, scope, sb);
            scope.Pop();
        }
    }
}
