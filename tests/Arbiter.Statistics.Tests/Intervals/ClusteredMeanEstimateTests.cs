using Arbiter.Statistics.Intervals;

namespace Arbiter.Statistics.Tests.Intervals;

public sealed class ClusteredMeanEstimateTests
{
    [Fact]
    public void One_item_per_cluster_reduces_to_the_naive_standard_error()
    {
        double[] scores = [1, 0, 1, 1, 0, 1, 0.5];
        int[] clusters = [1, 2, 3, 4, 5, 6, 7];

        ClusteredMeanEstimate estimate = ClusteredMeanEstimate.FromSamples<int>(scores, clusters);

        Assert.Equal(MeanEstimate.FromSamples(scores).StandardError, estimate.StandardError, 1e-15);
        Assert.Equal(estimate.NaiveStandardError, estimate.StandardError, 1e-15);
        Assert.Equal(7, estimate.ClusterCount);
    }

    [Fact]
    public void Perfectly_correlated_clusters_inflate_the_error_as_computed_by_hand()
    {
        // mean ½, residuals ±½; SE² = s²/n + (1/n²)·Σ_c Σ_{i≠j} e_i e_j = 1/12 + (1/16)(2·¼ + 2·¼) = 7/48.
        ClusteredMeanEstimate estimate = ClusteredMeanEstimate.FromSamples<string>([1, 1, 0, 0], ["a", "a", "b", "b"]);

        Assert.Equal(0.5, estimate.Mean);
        Assert.Equal(Math.Sqrt(1.0 / 12), estimate.NaiveStandardError, 1e-15);
        Assert.Equal(Math.Sqrt(7.0 / 48), estimate.StandardError, 1e-15);
        Assert.Equal(0.5 - (1.959963984540054 * Math.Sqrt(7.0 / 48)), estimate.Interval.Lower, 1e-12);
        Assert.Equal(2, estimate.ClusterCount);
    }

    [Fact]
    public void Empty_and_mismatched_inputs()
    {
        Assert.True(ClusteredMeanEstimate.FromSamples<int>([], []).IsEmpty);
        Assert.Throws<ArgumentException>(() => ClusteredMeanEstimate.FromSamples<int>([1, 2], [1]));
    }
}
