namespace Arbiter.Engine.Frontier;

/// <summary>One published or measured score.</summary>
/// <param name="Model">Model id.</param>
/// <param name="Benchmark">Benchmark id (a published benchmark, or a suite id for Arbiter's own runs).</param>
/// <param name="Score">The score; higher is better on every benchmark.</param>
/// <param name="Source">Where it came from (<c>file:line</c> or <c>run RUN_ID</c>).</param>
public sealed record FrontierScore(string Model, string Benchmark, double Score, string Source);

/// <summary>
/// Scores and model facts from every source, merged. A model scored twice on one benchmark keeps its
/// best score (the frontier is a maximum, so nothing it depends on is lost); the merge is order-free.
/// </summary>
public sealed class ScoreTable
{
    private readonly Dictionary<string, ModelFacts> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Model, string Benchmark), FrontierScore> _scores = [];
    private readonly List<FrontierNote> _notes = [];
    private int _duplicates;

    /// <summary>Facts per model id.</summary>
    public IReadOnlyDictionary<string, ModelFacts> Facts => _facts;

    /// <summary>Scores sorted by benchmark, then model (ordinal): independent of input order.</summary>
    public IReadOnlyList<FrontierScore> Scores =>
        [.. _scores.Values.OrderBy(s => s.Benchmark, StringComparer.Ordinal).ThenBy(s => s.Model, StringComparer.Ordinal)];

    /// <summary>Things the user should know about the input (duplicates kept at their best, and so on).</summary>
    public IReadOnlyList<FrontierNote> Notes => _duplicates == 0 ? _notes : [.. _notes, FrontierNote.Of(FrontierNoteKind.Duplicates, _duplicates)];

    /// <summary>Adds facts; fields already known from an earlier source are kept, unknown ones filled.</summary>
    public void AddFacts(ModelFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _facts[facts.Model] = _facts.TryGetValue(facts.Model, out var known) ? known.FillFrom(facts) : facts;
    }

    /// <summary>Adds a score (the higher one wins for a repeated model × benchmark; equal scores keep the first source in ordinal order).</summary>
    public void AddScore(FrontierScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var key = (score.Model, score.Benchmark);
        if (_scores.TryGetValue(key, out var old))
        {
            _duplicates++;
            if (old.Score > score.Score || (old.Score == score.Score && string.CompareOrdinal(old.Source, score.Source) <= 0)) return;
        }

        _scores[key] = score;
    }

    /// <summary>Records a note for the user.</summary>
    public void AddNote(FrontierNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        _notes.Add(note);
    }
}
