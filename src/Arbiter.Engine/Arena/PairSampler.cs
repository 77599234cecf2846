using System.Collections.Concurrent;

namespace Arbiter.Engine.Arena;

/// <summary>How the arena picks the two models of a battle.</summary>
public enum PairSampling
{
    /// <summary>Every pair equally likely.</summary>
    Uniform,

    /// <summary>Weight 1/(1 + battles so far): new or rarely compared pairs catch up.</summary>
    FewBattles,

    /// <summary>Like <see cref="FewBattles"/>, but pairs whose rating intervals overlap weigh 4× — their order is what is still uncertain.</summary>
    OverlappingIntervals,
}

/// <summary>Draws battle pairs and keeps the per-pair battle counts the weighting needs.</summary>
public sealed class PairSampler(PairSampling mode)
{
    private readonly ConcurrentDictionary<(string, string), int> _counts = new();

    /// <summary>The sampling mode.</summary>
    public PairSampling Mode { get; } = mode;

    /// <summary>Counts one more battle between two models.</summary>
    public void Record(string a, string b) => _counts.AddOrUpdate(Key(a, b), 1, (_, n) => n + 1);

    /// <summary>Battles counted between two models.</summary>
    public int CountOf(string a, string b) => _counts.GetValueOrDefault(Key(a, b));

    /// <summary>
    /// Two distinct models in random order (so neither position favours a model), or null when
    /// fewer than two are given. <paramref name="intervals"/> is used by <see cref="PairSampling.OverlappingIntervals"/>.
    /// </summary>
    public (T A, T B)? Draw<T>(IReadOnlyList<T> models, Func<T, string> id, IReadOnlyDictionary<string, ArenaRow>? intervals, Random random)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(random);
        if (models.Count < 2) return null;
        var pairs = new List<(int I, int J, double W)>();
        double total = 0;
        for (var i = 0; i < models.Count; i++)
        {
            for (var j = i + 1; j < models.Count; j++)
            {
                var w = Weight(id(models[i]), id(models[j]), intervals);
                pairs.Add((i, j, w));
                total += w;
            }
        }

        var u = random.NextDouble() * total;
        var pick = pairs[^1];
        foreach (var p in pairs)
        {
            if ((u -= p.W) < 0)
            {
                pick = p;
                break;
            }
        }

        return random.Next(2) == 0 ? (models[pick.I], models[pick.J]) : (models[pick.J], models[pick.I]);
    }

    private double Weight(string a, string b, IReadOnlyDictionary<string, ArenaRow>? intervals)
    {
        if (Mode == PairSampling.Uniform) return 1;
        var w = 1.0 / (1 + CountOf(a, b));
        if (Mode == PairSampling.OverlappingIntervals && intervals is not null
            && intervals.TryGetValue(a, out var ia) && intervals.TryGetValue(b, out var ib)
            && ia.Lower <= ib.Upper && ib.Lower <= ia.Upper)
        {
            w *= 4;
        }

        return w;
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
