using System.Globalization;
using System.Text;

namespace Arbiter.Engine.Suites.Templates;

internal enum TokenKind
{
    Name,
    String,
    Number,
    Op,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, object? Value, int Offset);

/// <summary>Splits a Jinja/Nunjucks expression into tokens; <c>offset</c> places them in the whole template.</summary>
internal static class TemplateLexer
{
    private static readonly string[] Ops = ["//", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "+", "-", "*", "/", "%", "~", "<", ">", "="];

    public static List<Token> Tokenize(string text, int offset)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var at = offset + i;
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Name, text[start..i], null, at));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')) i++;
                var isFloat = i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]);
                if (isFloat)
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                }

                var raw = text[start..i].Replace("_", "", StringComparison.Ordinal);
                tokens.Add(new Token(TokenKind.Number, raw, isFloat ? double.Parse(raw, CultureInfo.InvariantCulture) : (object)long.Parse(raw, CultureInfo.InvariantCulture), at));
            }
            else if (c is '\'' or '"')
            {
                i = ReadString(text, i, offset, out var value);
                tokens.Add(new Token(TokenKind.String, value, value, at));
            }
            else
            {
                var op = Ops.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                    ?? throw new TemplateException($"unexpected character '{c}'", at);
                tokens.Add(new Token(TokenKind.Op, op, null, at));
                i += op.Length;
            }
        }

        tokens.Add(new Token(TokenKind.End, "", null, offset + text.Length));
        return tokens;
    }

    private static int ReadString(string text, int i, int offset, out string value)
    {
        var quote = text[i];
        var sb = new StringBuilder();
        var start = i++;
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                // Python keeps the backslash of an unknown escape ('\d' stays a regex class).
                sb.Append(text[i] switch
                {
                    'n' => "\n",
                    't' => "\t",
                    'r' => "\r",
                    '0' => "\0",
                    '\\' or '\'' or '"' => text[i].ToString(),
                    var other => "\\" + other,
                });
            }
            else
            {
                sb.Append(text[i]);
            }

            i++;
        }

        if (i >= text.Length) throw new TemplateException("string literal is not closed", offset + start);
        value = sb.ToString();
        return i + 1;
    }
}
