using static Arbiter.Engine.Suites.Templates.TemplateValues;

namespace Arbiter.Engine.Suites.Templates;

/// <summary>Names in scope while a template renders (the document's fields, loop variables, <c>set</c> names).</summary>
internal sealed class TemplateScope(IReadOnlyDictionary<string, object?> root, bool python)
{
    private readonly List<Dictionary<string, object?>> _frames = [];

    public bool Python { get; } = python;

    public void Push(Dictionary<string, object?> frame) => _frames.Add(frame);

    public void Pop() => _frames.RemoveAt(_frames.Count - 1);

    public void Set(string name, object? value)
    {
        if (_frames.Count == 0) _frames.Add([]);
        _frames[^1][name] = value;
    }

    public object? Lookup(string name, int at)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            if (_frames[i].TryGetValue(name, out var v)) return v;
        }

        if (root.TryGetValue(name, out var value)) return value;
        return name switch
        {
            "true" or "True" => true,
            "false" or "False" => false,
            "none" or "None" or "null" => null,
            _ => Missing(name, Python, at),
        };
    }
}

/// <summary>
/// The expression part of the Jinja subset real lm-eval tasks and promptfoo prompts use: names,
/// literals (strings, numbers, lists, mappings), attributes, indexes, slices, string and list
/// methods, filters, arithmetic, <c>~</c>, comparisons, <c>in</c>, <c>and/or/not</c> and
/// <c>a if c else b</c>. Compiled once to closures; errors carry the template offset.
/// </summary>
internal sealed class TemplateExpression
{
    private readonly List<Token> _t;
    private int _p;

    private TemplateExpression(List<Token> tokens) => _t = tokens;

    /// <summary>Compiles <paramref name="text"/> (which starts at <paramref name="offset"/> in the template).</summary>
    public static Func<TemplateScope, object?> Compile(string text, int offset)
    {
        var parser = new TemplateExpression(TemplateLexer.Tokenize(text, offset));
        var e = parser.Ternary();
        if (parser.Peek.Kind != TokenKind.End) throw new TemplateException($"unexpected '{parser.Peek.Text}'", parser.Peek.Offset);
        return e;
    }

    /// <summary>Parses a token range for statements (<c>for x in EXPR</c>); returns the parser to continue with.</summary>
    internal static TemplateExpression Over(string text, int offset) => new(TemplateLexer.Tokenize(text, offset));

    internal Token Peek => _t[_p];

    internal Token Next() => _t[_p++];

    internal bool Accept(string text)
    {
        if (Peek.Kind is TokenKind.Op or TokenKind.Name && Peek.Text == text)
        {
            _p++;
            return true;
        }

        return false;
    }

    internal void Expect(string text)
    {
        if (!Accept(text)) throw new TemplateException($"expected '{text}', found '{(Peek.Kind == TokenKind.End ? "end of expression" : Peek.Text)}'", Peek.Offset);
    }

    internal string ExpectName()
    {
        var t = Next();
        return t.Kind == TokenKind.Name ? t.Text : throw new TemplateException($"expected a name, found '{t.Text}'", t.Offset);
    }

    internal Func<TemplateScope, object?> Ternary()
    {
        var value = Or();
        if (Peek.Kind != TokenKind.Name || Peek.Text != "if") return value;
        _p++;
        var cond = Or();
        Func<TemplateScope, object?> otherwise = Accept("else") ? Ternary() : _ => "";
        return s => Truthy(cond(s)) ? value(s) : otherwise(s);
    }

    private Func<TemplateScope, object?> Or()
    {
        var left = And();
        while (Accept("or"))
        {
            var (l, r) = (left, And());
            left = s => l(s) is var a && Truthy(a) ? a : r(s);
        }

        return left;
    }

    private Func<TemplateScope, object?> And()
    {
        var left = Not();
        while (Accept("and"))
        {
            var (l, r) = (left, Not());
            left = s => l(s) is var a && !Truthy(a) ? a : r(s);
        }

        return left;
    }

    private Func<TemplateScope, object?> Not()
    {
        if (!Accept("not")) return Compare();
        var inner = Not();
        return s => !Truthy(inner(s));
    }

    private Func<TemplateScope, object?> Compare()
    {
        var left = Concat();
        while (true)
        {
            var at = Peek.Offset;
            string op;
            if (Peek.Kind == TokenKind.Op && Peek.Text is "==" or "!=" or "<" or ">" or "<=" or ">=") op = Next().Text;
            else if (Accept("in")) op = "in";
            else if (Peek.Text == "not" && _t[_p + 1].Text == "in") { _p += 2; op = "not in"; }
            else return left;
            var (l, r) = (left, Concat());
            left = op switch
            {
                "==" => s => Equal(l(s), r(s)),
                "!=" => s => !Equal(l(s), r(s)),
                "<" => s => TemplateValues.Compare(l(s), r(s), at) < 0,
                ">" => s => TemplateValues.Compare(l(s), r(s), at) > 0,
                "<=" => s => TemplateValues.Compare(l(s), r(s), at) <= 0,
                ">=" => s => TemplateValues.Compare(l(s), r(s), at) >= 0,
                "in" => s => TemplateOps.Contains(r(s), l(s), at),
                _ => s => !TemplateOps.Contains(r(s), l(s), at),
            };
        }
    }

    private Func<TemplateScope, object?> Concat()
    {
        var left = Additive();
        while (Accept("~"))
        {
            var (l, r) = (left, Additive());
            left = s => ToText(l(s), s.Python) + ToText(r(s), s.Python);
        }

        return left;
    }

    private Func<TemplateScope, object?> Additive()
    {
        var left = Multiplicative();
        while (Peek.Kind == TokenKind.Op && Peek.Text is "+" or "-")
        {
            var op = Next();
            var (l, r) = (left, Multiplicative());
            left = s => TemplateOps.Arithmetic(op.Text, l(s), r(s), s.Python, op.Offset);
        }

        return left;
    }

    private Func<TemplateScope, object?> Multiplicative()
    {
        var left = Unary();
        while (Peek.Kind == TokenKind.Op && Peek.Text is "*" or "/" or "//" or "%")
        {
            var op = Next();
            var (l, r) = (left, Unary());
            left = s => TemplateOps.Arithmetic(op.Text, l(s), r(s), s.Python, op.Offset);
        }

        return left;
    }

    private Func<TemplateScope, object?> Unary()
    {
        if (Peek.Kind != TokenKind.Op || Peek.Text != "-") return Filtered();
        var at = Next().Offset;
        var inner = Unary();
        return s => TemplateOps.Arithmetic("-", 0L, inner(s), s.Python, at);
    }

    private Func<TemplateScope, object?> Filtered()
    {
        var value = Postfix();
        while (Peek.Kind == TokenKind.Op && Peek.Text == "|")
        {
            _p++;
            var at = Peek.Offset;
            var name = ExpectName();
            var args = Peek.Text == "(" && Peek.Kind == TokenKind.Op ? Arguments() : [];
            value = TemplateOps.Filter(name, value, args, at);
        }

        return value;
    }

    private Func<TemplateScope, object?> Postfix()
    {
        var value = Primary();
        while (Peek.Kind == TokenKind.Op)
        {
            var at = Peek.Offset;
            if (Accept("."))
            {
                var name = ExpectName();
                var target = value;
                if (Peek.Kind == TokenKind.Op && Peek.Text == "(")
                {
                    var args = Arguments();
                    value = s => TemplateOps.Method(target(s), name, args.Select(a => a(s)).ToList(), s.Python, at);
                }
                else
                {
                    value = s => TemplateOps.Attribute(target(s), name, s.Python, at);
                }
            }
            else if (Accept("["))
            {
                var target = value;
                Func<TemplateScope, object?>? from = Peek.Text == ":" ? null : Ternary();
                if (Accept(":"))
                {
                    Func<TemplateScope, object?>? to = Peek.Text == "]" ? null : Ternary();
                    value = s => Slice(target(s), from?.Invoke(s), to?.Invoke(s), at);
                }
                else
                {
                    var key = from!;
                    value = s => Index(target(s), key(s), s.Python, at);
                }

                Expect("]");
            }
            else if (Peek.Text == "(")
            {
                throw new TemplateException("only the methods of strings, lists and mappings can be called here", at);
            }
            else
            {
                return value;
            }
        }

        return value;
    }

    private List<Func<TemplateScope, object?>> Arguments()
    {
        Expect("(");
        var args = new List<Func<TemplateScope, object?>>();
        while (!Accept(")"))
        {
            if (args.Count > 0) Expect(",");
            if (Accept(")")) break;
            // Keyword arguments (join(d=', ')) are taken by position.
            if (Peek.Kind == TokenKind.Name && _t[_p + 1].Text == "=" && _t[_p + 1].Kind == TokenKind.Op) _p += 2;
            args.Add(Ternary());
        }

        return args;
    }

    private Func<TemplateScope, object?> Primary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.String:
                var text = (string)t.Value!;
                while (Peek.Kind == TokenKind.String) text += (string)Next().Value!;
                return _ => text;
            case TokenKind.Number:
                return _ => t.Value;
            case TokenKind.Name when t.Text == "range" && Peek.Text == "(":
                var args = Arguments();
                return s => TemplateOps.Range(args.Select(a => ToLong(a(s), t.Offset)).ToList(), t.Offset);
            case TokenKind.Name:
                return s => s.Lookup(t.Text, t.Offset);
            case TokenKind.Op when t.Text is "(" or "[":
                var close = t.Text == "(" ? ")" : "]";
                var items = new List<Func<TemplateScope, object?>>();
                var tuple = t.Text == "[";
                while (!Accept(close))
                {
                    if (items.Count > 0) { Expect(","); tuple = true; }
                    if (Accept(close)) break;
                    items.Add(Ternary());
                }

                if (!tuple && items.Count == 1) return items[0];
                return s => items.Select(i => i(s)).ToList();
            case TokenKind.Op when t.Text == "{":
                var pairs = new List<(Func<TemplateScope, object?> Key, Func<TemplateScope, object?> Value)>();
                while (!Accept("}"))
                {
                    if (pairs.Count > 0) Expect(",");
                    if (Accept("}")) break;
                    var key = Ternary();
                    Expect(":");
                    pairs.Add((key, Ternary()));
                }

                return s => pairs.ToDictionary(p => ToText(p.Key(s), s.Python), p => p.Value(s));
            default:
                throw new TemplateException(t.Kind == TokenKind.End ? "expression ends too early" : $"unexpected '{t.Text}'", t.Offset);
        }
    }
}
