using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Arbiter.Engine.Suites.Templates;

/// <summary>A template error; <see cref="Offset"/> is the character offset in the template text (for file:line).</summary>
internal sealed class TemplateException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}

/// <summary>A name that is not defined. Jinja (strict, as lm-eval renders) fails when it is used; Nunjucks prints nothing.</summary>
internal sealed record Undefined(string Name);

/// <summary>
/// Values of the template languages: string, long, double, bool, null, <see cref="List{T}"/> and
/// <see cref="Dictionary{TKey, TValue}"/> (JSON documents and CSV rows are converted to these), with
/// Python's (Jinja) or JavaScript's (Nunjucks) way of printing them.
/// </summary>
internal static class TemplateValues
{
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => e.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => FromJson(g.Last().Value)),
        _ => null,
    };

    public static string ToText(object? v, bool python)
    {
        switch (v)
        {
            case null: return python ? "None" : "";
            case Undefined u: return python ? throw new TemplateException($"'{u.Name}' is undefined", -1) : "";
            case string s: return s;
            case bool b: return python ? (b ? "True" : "False") : (b ? "true" : "false");
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d: return FormatDouble(d, python);
            case List<object?> list when python: return "[" + string.Join(", ", list.Select(Repr)) + "]";
            case List<object?> list: return string.Join(",", list.Select(x => ToText(x, python: false)));
            case Dictionary<string, object?> map when python: return "{" + string.Join(", ", map.Select(p => Repr(p.Key) + ": " + Repr(p.Value))) + "}";
            case Dictionary<string, object?>: return "[object Object]";
            default: return Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        }
    }

    /// <summary>Python's <c>repr</c>: strings quoted, so a rendered list reads back with <see cref="TemplateExpression"/>.</summary>
    public static string Repr(object? v)
    {
        if (v is not string s) return ToText(v, python: true);
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }

        return sb.Append(quote).ToString();
    }

    public static bool Truthy(object? v) => v switch
    {
        null or Undefined => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        List<object?> l => l.Count > 0,
        Dictionary<string, object?> m => m.Count > 0,
        _ => true,
    };

    public static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (long x, long y) => x == y,
        (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second)),
        _ => Equals(a, b),
    };

    public static int Compare(object? a, object? b, int at) => (a, b) switch
    {
        (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => throw new TemplateException($"cannot compare {TypeName(a)} with {TypeName(b)}", at),
    };

    public static long ToLong(object? v, int at) => v switch
    {
        long l => l,
        double d => (long)d,
        bool b => b ? 1 : 0,
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => throw new TemplateException($"expected a whole number, got {TypeName(v)}", at),
    };

    public static string TypeName(object? v) => v switch
    {
        null => "None",
        Undefined u => $"undefined '{u.Name}'",
        string => "a string",
        long or double => "a number",
        bool => "a bool",
        List<object?> => "a list",
        Dictionary<string, object?> => "a mapping",
        _ => v.GetType().Name,
    };

    /// <summary>Python indexing: negative counts from the end.</summary>
    public static object? Index(object? target, object? key, bool python, int at)
    {
        switch (target)
        {
            case Undefined u: return python ? throw new TemplateException($"'{u.Name}' is undefined", at) : u;
            case Dictionary<string, object?> map:
                var name = ToText(key, python);
                return map.TryGetValue(name, out var found) ? found : Missing(name, python, at);
            case List<object?> list:
                var i = ToLong(key, at);
                if (i < 0) i += list.Count;
                return i >= 0 && i < list.Count ? list[(int)i] : python ? throw new TemplateException($"list index {ToLong(key, at)} out of range ({list.Count} items)", at) : null;
            case string s:
                var j = ToLong(key, at);
                if (j < 0) j += s.Length;
                return j >= 0 && j < s.Length ? s[(int)j].ToString() : python ? throw new TemplateException("string index out of range", at) : null;
            case null when !python: return null;
            default: throw new TemplateException($"cannot index {TypeName(target)}", at);
        }
    }

    public static object? Missing(string name, bool python, int at) =>
        python ? throw new TemplateException($"'{name}' is undefined", at) : new Undefined(name);

    public static object? Slice(object? target, object? from, object? to, int at)
    {
        int len = target switch
        {
            string s => s.Length,
            List<object?> l => l.Count,
            _ => throw new TemplateException($"cannot slice {TypeName(target)}", at),
        };
        int Clamp(object? v, int dflt)
        {
            if (v is null) return dflt;
            var i = ToLong(v, at);
            if (i < 0) i += len;
            return (int)Math.Clamp(i, 0, len);
        }

        var a = Clamp(from, 0);
        var b = Math.Max(a, Clamp(to, len));
        return target is string str ? str[a..b] : ((List<object?>)target!).GetRange(a, b - a);
    }

    private static string FormatDouble(double d, bool python)
    {
        if (double.IsNaN(d)) return python ? "nan" : "NaN";
        if (python && d == Math.Floor(d) && Math.Abs(d) < 1e16) return d.ToString("0.0", CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }
}
