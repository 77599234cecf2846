using System.Reflection;
using System.Text;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Audit.Classification;

/// <summary>One entry of a tier-1 list: a register, where it must appear, and the normalised phrase.</summary>
/// <param name="Register">refusal, deflection, propaganda, answer (premise correction) or pivot.</param>
/// <param name="AtStart">True: within the opening of the answer; false: anywhere in it.</param>
/// <param name="Phrase">Normalised phrase.</param>
/// <param name="Source">File and line it came from, quoted as evidence.</param>
public sealed record PhraseRule(string Register, bool AtStart, string Phrase, string Source);

/// <summary>
/// The tier-1 phrase and boilerplate lists, kept as data (<c>Audit/Classification/Phrases/*.tsv</c>)
/// so that a linguist can extend them without touching code. A malformed line is reported with its
/// file and line number.
/// </summary>
public sealed class PhraseLexicon
{
    private static readonly string[] Registers = ["refusal", "deflection", "propaganda", "answer", "pivot"];
    private static readonly Lazy<PhraseLexicon> BuiltInLazy = new(LoadBuiltIn);

    private PhraseLexicon(IReadOnlyList<PhraseRule> rules) => Rules = rules;

    /// <summary>All rules in file order (en, ru, zh for the built-in lists).</summary>
    public IReadOnlyList<PhraseRule> Rules { get; }

    /// <summary>The lists shipped in the engine.</summary>
    public static PhraseLexicon BuiltIn => BuiltInLazy.Value;

    /// <summary>Parses lists (one reader per file); <paramref name="files"/> gives each file's name for messages.</summary>
    /// <exception cref="ConfigException">A line is malformed.</exception>
    public static PhraseLexicon Parse(IEnumerable<(string File, TextReader Reader)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var rules = new List<PhraseRule>();
        foreach (var (file, reader) in files)
        {
            var lineNo = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNo++;
                if (line.Length == 0 || line[0] == '#' || line.Trim().Length == 0) continue;
                var parts = line.Split('\t');
                if (parts.Length != 3) throw new ConfigException(file, lineNo, 1, "expected three TAB-separated columns: register, scope, phrase");
                if (!Registers.Contains(parts[0])) throw new ConfigException(file, lineNo, 1, $"unknown register '{parts[0]}'; expected one of: {string.Join(", ", Registers)}");
                if (parts[1] is not ("start" or "any")) throw new ConfigException(file, lineNo, parts[0].Length + 2, $"unknown scope '{parts[1]}'; expected start or any");
                var phrase = Normalize(parts[2]);
                if (phrase.Length == 0) throw new ConfigException(file, lineNo, 1, "empty phrase");
                rules.Add(new PhraseRule(parts[0], parts[1] == "start", phrase, $"{Path.GetFileName(file)}:{lineNo}"));
            }
        }

        return new PhraseLexicon(rules);
    }

    /// <summary>
    /// Lower-cases, folds typographic apostrophes and quotes, ё→е, full-width punctuation to ASCII
    /// and collapses whitespace, so that a list entry matches however the model typeset it.
    /// </summary>
    public static string Normalize(string text, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(Math.Min(text.Length, maxLength));
        var space = false;
        foreach (var ch in text)
        {
            if (sb.Length >= maxLength) break;
            if (char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }

            var c = char.ToLowerInvariant(ch) switch
            {
                '\u2019' or '\u2018' or '\u02bc' or '`' => '\'',
                '\u201c' or '\u201d' or '\u00ab' or '\u00bb' => '"',
                'ё' => 'е',
                var other => other,
            };
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static PhraseLexicon LoadBuiltIn()
    {
        var assembly = typeof(PhraseLexicon).Assembly;
        var names = new[] { "en", "ru", "zh" }.Select(l => $"audit/phrases/{l}.tsv");
        var readers = names.Select(n => (n, Open(assembly, n))).ToList();
        try
        {
            return Parse(readers.Select(r => (r.n, (TextReader)r.Item2)));
        }
        finally
        {
            foreach (var r in readers) r.Item2.Dispose();
        }
    }

    private static StreamReader Open(Assembly assembly, string name) =>
        new(assembly.GetManifestResourceStream(name) ?? throw new FileNotFoundException($"built-in resource '{name}' is missing"));
}
