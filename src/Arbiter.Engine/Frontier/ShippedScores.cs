namespace Arbiter.Engine.Frontier;

/// <summary>
/// The published scores shipped with Arbiter (<c>data/frontier/llm_stats_scores.csv</c>, embedded so the web works
/// from any directory): LLM Stats, llm-stats.com, CC-BY-4.0. The web reads these when no other scores are given.
/// </summary>
public static class ShippedScores
{
    /// <summary>The file's name, as sources and notes cite it.</summary>
    public const string FileName = "data/frontier/llm_stats_scores.csv";

    /// <summary>The attribution the licence asks for.</summary>
    public const string Attribution = "LLM Stats, llm-stats.com — CC-BY-4.0";

    /// <summary>The licence's address.</summary>
    public const string LicenceUrl = "https://creativecommons.org/licenses/by/4.0/";

    /// <summary>A new table holding the shipped scores (the same rows <c>--scores data/frontier/llm_stats_scores.csv</c> reads).</summary>
    public static ScoreTable Load()
    {
        using var stream = typeof(ShippedScores).Assembly.GetManifestResourceStream("frontier/llm_stats_scores.csv")
            ?? throw new InvalidOperationException("the shipped scores resource frontier/llm_stats_scores.csv is missing from Arbiter.Engine");
        using var reader = new StreamReader(stream);
        var table = new ScoreTable();
        ScoresCsv.Read(table, FileName, reader);
        return table;
    }
}
