using Arbiter.Core.Suites;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Suites;

/// <summary>Turns suite references (<c>builtin:ID</c>, globs, paths) into loaded suites.</summary>
public static class SuiteResolver
{
    /// <summary>Loads every referenced suite, in order, without duplicates.</summary>
    /// <param name="references">Suite ids, <c>builtin:GLOB</c> patterns or paths.</param>
    /// <param name="configFile">The config file the references come from (named when one matches nothing).</param>
    /// <param name="flag">The command-line flag the references come from instead (e.g. <c>--suite</c>).</param>
    /// <exception cref="ConfigException">A reference from the config matches nothing, or a suite file is malformed.</exception>
    /// <exception cref="InputException">A reference from <paramref name="flag"/> matches nothing.</exception>
    /// <param name="warn">Receives what loaded but not as the original tool runs it (imported formats), for the caller to print.</param>
    public static IReadOnlyList<Suite> Resolve(IEnumerable<string> references, string? configFile = null, string? flag = null, Action<SuiteProblem>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(references);
        var suites = new List<Suite>();
        foreach (var reference in references)
        {
            IReadOnlyList<Suite> found;
            if (reference.StartsWith("builtin:", StringComparison.Ordinal))
            {
                found = BuiltInSuites.Resolve(reference);
            }
            else if (File.Exists(reference) || Directory.Exists(reference))
            {
                var file = SuiteFiles.Load(reference);
                if (file.Problems.FirstOrDefault(p => p.Severity == ProblemSeverity.Error) is { } error)
                {
                    throw new ConfigException(error.File, error.Line, error.Column, error.Message);
                }

                foreach (var problem in file.Problems) warn?.Invoke(problem);
                found = file.Suites;
            }
            else
            {
                // A bare id such as "science-ru" names a built-in suite.
                found = BuiltInSuites.Resolve(reference);
                if (found.Count == 0 && (reference.Contains('/', StringComparison.Ordinal) || reference.Contains('.', StringComparison.Ordinal)))
                {
                    throw flag is not null
                        ? new InputException(flag, $"suite '{reference}' not found: no such file or directory ({Path.GetFullPath(reference)}), and no built-in suite has this id")
                        : new ConfigException(configFile ?? reference, 1, 1, $"suite '{reference}' not found");
                }
            }

            if (found.Count == 0)
            {
                throw flag is not null
                    ? new InputException(flag, $"no suite matches '{reference}' (see 'arbiter suites list')")
                    : new ConfigException(configFile ?? reference, 1, 1, $"no suite matches '{reference}' (see 'arbiter suites list')");
            }

            foreach (var s in found)
            {
                if (!suites.Any(x => x.Id == s.Id)) suites.Add(s);
            }
        }

        return suites;
    }
}
