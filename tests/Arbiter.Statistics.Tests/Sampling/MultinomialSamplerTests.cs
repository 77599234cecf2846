using Arbiter.Statistics.Sampling;

namespace Arbiter.Statistics.Tests.Sampling;

public sealed class MultinomialSamplerTests
{
    [Theory]
    [InlineData(new[] { 1, 5, 50, 944 })]
    [InlineData(new[] { 3, 3, 3 })]
    [InlineData(new[] { 700, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 })]
    public void Draws_sum_to_N_and_have_the_multinomial_means_variances_and_covariance(int[] counts)
    {
        var sampler = new MultinomialSampler(counts);
        int total = counts.Sum(), k = counts.Length;
        const int draws = 20_000;
        var sum = new double[k];
        var sumSq = new double[k];
        double cross = 0;
        var drawn = new int[k];
        var random = new SeededRandom(21);
        for (int d = 0; d < draws; d++)
        {
            sampler.Draw(random, drawn);
            Assert.Equal(total, drawn.Sum());
            for (int i = 0; i < k; i++)
            {
                sum[i] += drawn[i];
                sumSq[i] += (double)drawn[i] * drawn[i];
            }

            cross += (double)drawn[0] * drawn[1];
        }

        for (int i = 0; i < k; i++)
        {
            double p = (double)counts[i] / total;
            double mean = sum[i] / draws, variance = (sumSq[i] / draws) - (mean * mean);
            double expectedVar = total * p * (1 - p);
            Assert.InRange(mean, (total * p) - (5 * Math.Sqrt(expectedVar / draws)), (total * p) + (5 * Math.Sqrt(expectedVar / draws)));
            Assert.InRange(variance, expectedVar * 0.93, expectedVar * 1.07);
        }

        // Cov(X0, X1) = −N·p0·p1: the Poisson draws alone would be independent; the top-up to exactly N makes them not.
        double p0 = (double)counts[0] / total, p1 = (double)counts[1] / total;
        double covariance = (cross / draws) - (sum[0] / draws * (sum[1] / draws));
        double expected = -total * p0 * p1;
        double sd = Math.Sqrt(total * p0 * total * p1 / draws) * 1.5;
        Assert.InRange(covariance, expected - (5 * sd), expected + (5 * sd));
    }

    [Fact]
    public void Tiny_and_empty_totals_are_drawn_exactly()
    {
        var drawn = new int[2];
        new MultinomialSampler([1, 1]).Draw(new SeededRandom(1), drawn);
        Assert.Equal(2, drawn.Sum());
        new MultinomialSampler([0, 0]).Draw(new SeededRandom(1), drawn);
        Assert.Equal([0, 0], drawn);
    }

    [Fact]
    public void Precomputed_walks_draw_exactly_what_the_recurrence_draws()
    {
        // Small counts shared by many cells (the tables), large means (a walk that runs past the table), zeros, and one-offs.
        var random = new Random(4);
        int[] counts = [.. Enumerable.Range(0, 3000).Select(i => i % 10 == 0 ? random.Next(0, 3) : i % 97 == 0 ? random.Next(5000, 60000) : random.Next(1, 40))];
        MultinomialSampler fast = new(counts), reference = new(counts, precompute: false);
        int[] a = new int[counts.Length], b = new int[counts.Length];
        for (int round = 0; round < 300; round++)
        {
            fast.Draw(SeededRandom.ForStream(17, round), a);
            reference.Draw(SeededRandom.ForStream(17, round), b);
            Assert.Equal(b, a);
        }
    }
}
