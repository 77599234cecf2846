namespace Arbiter.Engine.Reports;

/// <summary>Human headings of comparison groups, shared by every output format.</summary>
public static class ComparisonHeadings
{
    /// <summary>"Suite banking-ru (banking, ru)", "Domain banking, all languages (3 suites)", …</summary>
    public static string Of(ComparisonGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var heading = group.Scope switch
        {
            ComparisonScope.Suite => $"Suite {group.Key} ({group.Domain}, {group.Language})",
            ComparisonScope.Domain => $"Domain {group.Key}, all languages ({group.Suites.Count} suites)",
            ComparisonScope.Language => $"Language {group.Key}, all domains ({group.Suites.Count} suites)",
            _ => $"Overall ({group.Suites.Count} suites)",
        };
        return group.Leader is null ? heading : $"{heading}: each model vs the leader {group.Leader} (all pairs: arbiter compare)";
    }
}
