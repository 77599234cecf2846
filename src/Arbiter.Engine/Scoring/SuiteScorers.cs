using System.Collections.Concurrent;
using Arbiter.Core.Suites;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// The scorers of one suite, each built once per resolved spec, so a <c>regex</c> scorer's pattern is
/// compiled once per run rather than once per sample. Safe to share between workers.
/// </summary>
public sealed class SuiteScorers(ScorerSpec suiteSpec)
{
    private readonly ConcurrentDictionary<ScorerSpec, IScorer> _scorers = new();

    /// <summary>The scorer for an item (same rules as <see cref="ScorerFactory.For"/>).</summary>
    public IScorer For(SuiteItem item) => _scorers.GetOrAdd(ScorerFactory.Resolve(item, suiteSpec), ScorerFactory.Create);
}
