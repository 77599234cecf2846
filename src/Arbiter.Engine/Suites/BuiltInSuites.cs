using System.Reflection;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Suites;

/// <summary>The suites shipped inside the engine (five domains × ru/zh/en), read from embedded resources.</summary>
public static class BuiltInSuites
{
    private static readonly Assembly Assembly = typeof(BuiltInSuites).Assembly;
    private static readonly Lazy<IReadOnlyList<Suite>> All = new(LoadAll);

    /// <summary>Every built-in suite, ordered by id.</summary>
    public static IReadOnlyList<Suite> List() => All.Value;

    /// <summary>Resolves <c>builtin:ID</c>, <c>builtin:*</c> or a glob such as <c>builtin:*-ru</c>.</summary>
    public static IReadOnlyList<Suite> Resolve(string reference)
    {
        var pattern = reference.StartsWith("builtin:", StringComparison.Ordinal) ? reference[8..] : reference;
        var matches = All.Value.Where(s => Glob(pattern, s.Id)).ToList();
        return matches;
    }

    private static bool Glob(string pattern, string id)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal)) return string.Equals(pattern, id, StringComparison.Ordinal);
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(id, regex);
    }

    private static IReadOnlyList<Suite> LoadAll()
    {
        const string prefix = "builtin/";
        var manifests = Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith("/suite.yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var suites = new List<Suite>();
        foreach (var name in manifests)
        {
            var folder = name[..name.LastIndexOf('/')];
            suites.Add(SuiteLoader.LoadManifest(
                name, Open(name),
                file => Open($"{folder}/{file}"),
                file => $"{folder}/{file}"));
        }

        return suites.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private static StreamReader Open(string resource) =>
        new(Assembly.GetManifestResourceStream(resource) ?? throw new FileNotFoundException($"built-in resource '{resource}' is missing"));
}
