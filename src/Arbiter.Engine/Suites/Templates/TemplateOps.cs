using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Arbiter.Engine.Suites.Templates.TemplateValues;

namespace Arbiter.Engine.Suites.Templates;

/// <summary>Operators, attributes, methods and filters of the template subset.</summary>
internal static class TemplateOps
{
    /// <summary>Filters understood; any other name is an error when the template is compiled (so <c>suites validate</c> reports it).</summary>
    public static readonly IReadOnlySet<string> Filters = new HashSet<string>(StringComparer.Ordinal)
    {
        "trim", "lower", "upper", "title", "capitalize", "string", "int", "float", "length", "count", "join", "replace",
        "first", "last", "regex_replace", "list", "default", "d", "load", "dump", "tojson", "safe", "escape", "e",
        "round", "abs", "reverse", "sort", "striptags",
    };

    public static bool Contains(object? container, object? item, int at) => container switch
    {
        string s => s.Contains(ToText(item, true), StringComparison.Ordinal),
        List<object?> l => l.Any(x => Equal(x, item)),
        Dictionary<string, object?> m => item is string k && m.ContainsKey(k),
        _ => throw new TemplateException($"'in' needs a string, list or mapping, got {TypeName(container)}", at),
    };

    public static object? Arithmetic(string op, object? a, object? b, bool python, int at)
    {
        switch (a, b)
        {
            case (string x, _) when op == "+" && (python ? b is string : true): return x + ToText(b, python);
            case (_, string y) when op == "+" && !python: return ToText(a, python) + y;
            case (List<object?> x, List<object?> y) when op == "+": return x.Concat(y).ToList();
            case (long x, long y):
                if (y == 0 && op is "/" or "//" or "%") throw new TemplateException("division by zero", at);
                return op switch
                {
                    "+" => x + y,
                    "-" => x - y,
                    "*" => x * y,
                    "/" => (object)((double)x / y), // Python's / is true division; the others stay whole
                    "//" => (long)Math.Floor((double)x / y),
                    _ => ((x % y) + y) % y,
                };
            case (long or double or bool, long or double or bool):
                double p = Convert.ToDouble(a, CultureInfo.InvariantCulture), q = Convert.ToDouble(b, CultureInfo.InvariantCulture);
                return op switch
                {
                    "+" => p + q,
                    "-" => p - q,
                    "*" => p * q,
                    "/" => p / q,
                    "//" => Math.Floor(p / q),
                    _ => p - (q * Math.Floor(p / q)),
                };
            case (string x, long n) when op == "*": return string.Concat(Enumerable.Repeat(x, (int)Math.Max(0, n)));
            default: throw new TemplateException($"cannot apply '{op}' to {TypeName(a)} and {TypeName(b)}", at);
        }
    }

    public static object? Attribute(object? target, string name, bool python, int at) => target switch
    {
        Dictionary<string, object?> m => m.TryGetValue(name, out var v) ? v : Missing(name, python, at),
        List<object?> l when name == "length" && !python => (long)l.Count,
        string s when name == "length" && !python => (long)s.Length,
        Undefined u => python ? throw new TemplateException($"'{u.Name}' is undefined", at) : u,
        null when !python => new Undefined(name),
        _ => throw new TemplateException($"{TypeName(target)} has no attribute '{name}'", at),
    };

    public static object? Range(List<long> args, int at)
    {
        var (from, to, step) = args.Count switch
        {
            1 => (0L, args[0], 1L),
            2 => (args[0], args[1], 1L),
            3 => (args[0], args[1], args[2]),
            _ => throw new TemplateException("range takes 1 to 3 arguments", at),
        };
        if (step == 0) throw new TemplateException("range step must not be 0", at);
        var list = new List<object?>();
        for (var i = from; step > 0 ? i < to : i > to; i += step) list.Add(i);
        return list;
    }

    public static object? Method(object? target, string name, List<object?> args, bool python, int at)
    {
        string Arg(int i) => ToText(args[i], python);
        switch (target)
        {
            case string s:
                return name switch
                {
                    "strip" or "trim" => args.Count > 0 ? s.Trim(Arg(0).ToCharArray()) : s.Trim(),
                    "lstrip" or "trimStart" => args.Count > 0 ? s.TrimStart(Arg(0).ToCharArray()) : s.TrimStart(),
                    "rstrip" or "trimEnd" => args.Count > 0 ? s.TrimEnd(Arg(0).ToCharArray()) : s.TrimEnd(),
                    "lower" or "toLowerCase" => s.ToLowerInvariant(),
                    "upper" or "toUpperCase" => s.ToUpperInvariant(),
                    "title" => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant()),
                    "capitalize" => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant(),
                    "split" => Split(s, args.Count > 0 && args[0] is not null ? Arg(0) : null, args.Count > 1 ? (int)ToLong(args[1], at) : -1),
                    "replace" when args.Count >= 2 => s.Replace(Arg(0), Arg(1), StringComparison.Ordinal),
                    "startswith" or "startsWith" when args.Count == 1 => s.StartsWith(Arg(0), StringComparison.Ordinal),
                    "endswith" or "endsWith" when args.Count == 1 => s.EndsWith(Arg(0), StringComparison.Ordinal),
                    "includes" when args.Count == 1 => s.Contains(Arg(0), StringComparison.Ordinal),
                    "join" when args.Count == 1 && args[0] is List<object?> parts => string.Join(s, parts.Select(p => ToText(p, python))),
                    "find" or "indexOf" when args.Count == 1 => (long)s.IndexOf(Arg(0), StringComparison.Ordinal),
                    "index" when args.Count == 1 => s.IndexOf(Arg(0), StringComparison.Ordinal) is var i and >= 0 ? (long)i : throw new TemplateException("substring not found", at),
                    "count" when args.Count == 1 => (long)(Arg(0).Length == 0 ? s.Length + 1 : (s.Length - s.Replace(Arg(0), "", StringComparison.Ordinal).Length) / Arg(0).Length),
                    "isdigit" => s.Length > 0 && s.All(char.IsDigit),
                    _ => throw Unsupported(target, name, at),
                };
            case List<object?> list:
                return name switch
                {
                    "index" or "indexOf" when args.Count == 1 => list.FindIndex(x => Equal(x, args[0])) is var i and >= 0 ? (long)i
                        : name == "indexOf" ? -1L : throw new TemplateException($"{Repr(args[0])} is not in the list", at),
                    "count" when args.Count == 1 => (long)list.Count(x => Equal(x, args[0])),
                    "join" => string.Join(args.Count > 0 ? Arg(0) : ",", list.Select(x => ToText(x, python))),
                    "includes" when args.Count == 1 => list.Any(x => Equal(x, args[0])),
                    _ => throw Unsupported(target, name, at),
                };
            case Dictionary<string, object?> map:
                return name switch
                {
                    "keys" => map.Keys.Cast<object?>().ToList(),
                    "values" => map.Values.ToList(),
                    "items" => map.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList(),
                    "get" when args.Count >= 1 => map.TryGetValue(Arg(0), out var v) ? v : args.Count > 1 ? args[1] : null,
                    _ => throw Unsupported(target, name, at),
                };
            default:
                throw Unsupported(target, name, at);
        }
    }

    /// <summary>Builds a filter application; an unknown filter fails now, not at render time.</summary>
    public static Func<TemplateScope, object?> Filter(string name, Func<TemplateScope, object?> value, List<Func<TemplateScope, object?>> args, int at)
    {
        if (!Filters.Contains(name)) throw new TemplateException($"unsupported filter '{name}'", at);
        return s =>
        {
            var v = value(s);
            var a = args.Select(x => x(s)).ToList();
            if (name is "default" or "d") return v is Undefined || (v is null && !s.Python) ? (a.Count > 0 ? a[0] : "") : v;
            if (v is Undefined u && s.Python) throw new TemplateException($"'{u.Name}' is undefined", at);
            string Text() => ToText(v, s.Python);
            return name switch
            {
                "trim" => Text().Trim(),
                "lower" => Text().ToLowerInvariant(),
                "upper" => Text().ToUpperInvariant(),
                "title" or "capitalize" => Method(Text(), name, [], s.Python, at),
                "string" => Text(),
                "safe" => v,
                "escape" or "e" => WebUtility.HtmlEncode(Text()),
                "striptags" => Regex.Replace(Text(), "<[^>]*>", "", RegexOptions.None, TimeSpan.FromSeconds(1)),
                "int" => v is string str ? (long.TryParse(str.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
                    : double.TryParse(str.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var dd) ? (long)dd : 0L) : v is double d0 ? (long)d0 : ToLong(v, at),
                "float" => v is string fs ? (double.TryParse(fs.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : 0.0) : Convert.ToDouble(v, CultureInfo.InvariantCulture),
                "abs" => v is long al ? Math.Abs(al) : Math.Abs(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
                "round" => Math.Round(Convert.ToDouble(v, CultureInfo.InvariantCulture), a.Count > 0 ? (int)ToLong(a[0], at) : 0, MidpointRounding.ToEven),
                "length" or "count" => v switch
                {
                    string str2 => (long)str2.Length,
                    List<object?> l2 => (long)l2.Count,
                    Dictionary<string, object?> m2 => (long)m2.Count,
                    _ => throw new TemplateException($"{TypeName(v)} has no length", at),
                },
                "join" => v is List<object?> parts ? string.Join(a.Count > 0 ? ToText(a[0], s.Python) : "", parts.Select(p => ToText(p, s.Python))) : Text(),
                "replace" when a.Count >= 2 => Text().Replace(ToText(a[0], s.Python), ToText(a[1], s.Python), StringComparison.Ordinal),
                "regex_replace" when a.Count >= 2 => RegexReplace(Text(), ToText(a[0], true), ToText(a[1], true), at),
                "first" => v is List<object?> { Count: > 0 } fl ? fl[0] : v is string { Length: > 0 } fs2 ? fs2[..1] : null,
                "last" => v is List<object?> { Count: > 0 } ll ? ll[^1] : v is string { Length: > 0 } ls ? ls[^1..] : null,
                "list" => v is string chars ? chars.Select(c => (object?)c.ToString()).ToList() : v is List<object?> same ? same.ToList() : throw new TemplateException($"cannot make a list of {TypeName(v)}", at),
                "reverse" => v is List<object?> rl ? Enumerable.Reverse(rl).ToList() : new string(Text().Reverse().ToArray()),
                "sort" => v is List<object?> sl ? sl.Order(Comparer<object?>.Create((x, y) => Compare(x, y, at))).ToList() : throw new TemplateException("sort needs a list", at),
                "load" => Load(Text(), at),
                "dump" or "tojson" => JsonSerializer.Serialize(v),
                _ => throw new TemplateException($"filter '{name}' needs more arguments", at),
            };
        };
    }

    private static object? Load(string json, int at)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return FromJson(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new TemplateException($"'load': not JSON: {ex.Message}", at);
        }
    }

    private static string RegexReplace(string s, string pattern, string replacement, int at)
    {
        try
        {
            // Python's \1 back-references are $1 in .NET.
            var repl = Regex.Replace(replacement.Replace("$", "$$", StringComparison.Ordinal), @"\\(\d)", "$${$1}", RegexOptions.None, TimeSpan.FromSeconds(1));
            return Regex.Replace(s, pattern, repl, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new TemplateException($"regex_replace: {ex.Message}", at);
        }
    }

    private static List<object?> Split(string s, string? sep, int max)
    {
        if (sep is null)
        {
            return s.Split((char[]?)null, max < 0 ? int.MaxValue : max + 1, StringSplitOptions.RemoveEmptyEntries).Select(x => (object?)x).ToList();
        }

        if (sep.Length == 0) throw new TemplateException("empty separator", -1);
        return s.Split(sep, max < 0 ? int.MaxValue : max + 1).Select(x => (object?)x).ToList();
    }

    private static TemplateException Unsupported(object? target, string name, int at) =>
        new($"unsupported method '{name}' on {TypeName(target)}", at);
}
