using Arbiter.Statistics.Agreement;
using Arbiter.Statistics.Bootstrap;
using Arbiter.Statistics.Tests.Fixtures;

namespace Arbiter.Statistics.Tests.Agreement;

/// <summary>The two XSTest annotators of GPT-4's completions (shared/data/refusal): 443 of 450 agree.</summary>
public sealed class AgreementReferenceDataTests
{
    private static readonly string[] Labels = ["1_full_compliance", "2_full_refusal", "3_partial_refusal"];

    private static (RatingMatrix Data, int AgreeColumn) Load()
    {
        var rows = new List<int[]>();
        int agree = 0;
        foreach (string line in File.ReadLines(Fixture.PathOf("xstest_v2_gpt4_annotations.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            rows.Add([Array.IndexOf(Labels, f[1]), Array.IndexOf(Labels, f[2])]);
            if (f[3] == "TRUE") agree++;
        }

        return (new RatingMatrix(rows, 2, 3), agree);
    }

    [Fact]
    public void Observed_agreement_reproduces_the_published_443_of_450()
    {
        var (data, agreeColumn) = Load();
        int[] all = [.. Enumerable.Range(0, data.ItemCount)];
        Assert.Equal(443, agreeColumn);
        Assert.Equal(443.0 / 450, CohenKappa.ObservedAgreement(data, 0, 1, all), 12);
        // Marginals 231/212/7 and 231/206/13: p_e = (231·231 + 212·206 + 7·13) / 450² (computed independently in Python).
        double pe = ((231.0 * 231) + (212.0 * 206) + (7.0 * 13)) / (450.0 * 450);
        Assert.Equal(((443.0 / 450) - pe) / (1 - pe), CohenKappa.Compute(data, 0, 1, all), 12);
        Assert.Equal(0.9701070452, CohenKappa.Compute(data, 0, 1, all), 9);
    }

    [Fact]
    public void Bootstrap_interval_is_seeded_and_brackets_the_estimate()
    {
        var (data, _) = Load();
        var options = new BootstrapOptions { Rounds = 300, Seed = 7 };
        var first = new AgreementAnalysis(data, options);
        var again = new AgreementAnalysis(data, options with { MaxDegreeOfParallelism = 1 });

        var cohen = first.Overall.Cohen!;
        Assert.Equal(cohen, again.Overall.Cohen);
        Assert.True(cohen.Interval!.Value.Lower < cohen.Value && cohen.Value < cohen.Interval.Value.Upper);
        Assert.True(cohen.Interval.Value.Width < 0.1);
        // Partial refusal is rare (annotator 1: 7, annotator 2: 13, both: 7): κ = 0.6938 (Python), interval wider.
        var partial = first.PerCategory[2].Cohen!;
        Assert.Equal(0.6938081198, partial.Value, 9);
        Assert.True(partial.Interval!.Value.Width > cohen.Interval.Value.Width);
    }
}
