using Arbiter.Statistics.Arena;
using Arbiter.Statistics.Tests.Fixtures;

namespace Arbiter.Statistics.Tests.Arena;

public sealed class BradleyTerryReferenceTests
{
    private const string Gpt4o = "gpt-4o";
    private const string Sonnet = "claude-3-5-sonnet-20240620";
    private const string Opus = "claude-3-opus-20240229";
    private const string Haiku = "claude-3-haiku-20240307";

    [Fact]
    public void Arena_hard_battles_reproduce_the_published_mean_1000_ratings_to_1e6()
    {
        BradleyTerryFit fit = BradleyTerry.Fit(Fixture.ArenaHardBattles());

        Assert.Equal(1348, fit.Battles.Count);
        Assert.True(fit.Converged);
        Assert.False(fit.RidgeApplied);
        Assert.Empty(fit.Warnings);
        Assert.Equal(1135.426216, fit.RatingOf(Gpt4o), 1e-6);
        Assert.Equal(1132.132889, fit.RatingOf(Sonnet), 1e-6);
        Assert.Equal(999.478804, fit.RatingOf(Opus), 1e-6);
        Assert.Equal(732.962092, fit.RatingOf(Haiku), 1e-6);
        Assert.Equal(1000, fit.Ratings.Average(), 1e-9);
    }

    [Fact]
    public void Arena_hard_battles_anchored_at_haiku_1000_reproduce_the_anchored_ratings()
    {
        BradleyTerryFit fit = BradleyTerry.Fit(Fixture.ArenaHardBattles(), new BradleyTerryOptions { AnchorModel = Haiku, AnchorRating = 1000 });

        Assert.Equal(1000, fit.RatingOf(Haiku));
        Assert.Equal(1402.46, fit.RatingOf(Gpt4o), 0.005);
        Assert.Equal(1399.17, fit.RatingOf(Sonnet), 0.005);
        Assert.Equal(1266.52, fit.RatingOf(Opus), 0.005);
        // Star design: closed form r(m) − r(haiku) = 400·log10((wins + ties/2) / (losses + ties/2)).
        Assert.Equal(1000 + (400 * Math.Log10(426.0 / 42.0)), fit.RatingOf(Gpt4o), 1e-6);
    }

    [Fact]
    public void Wikipedia_four_team_example_gives_the_worked_ratings_and_strengths()
    {
        BradleyTerryFit fit = BradleyTerry.Fit(WikipediaBattles());

        Assert.True(fit.Converged);
        Assert.Empty(fit.Warnings);
        Assert.Equal(["A", "B", "C", "D"], fit.Models);
        double[] expectedRatings = [922.43, 1007.37, 927.77, 1142.44];
        double[] expectedStrengths = [0.639835, 1.043314, 0.659810, 2.270377];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expectedRatings[i], fit.Ratings[i], 0.005);
            Assert.Equal(expectedStrengths[i], fit.Strengths[i], 5e-7);
        }

        Assert.Equal(-0.446545, fit.Theta[0], 5e-7);
        Assert.Equal(0.819946, fit.Theta[3], 5e-7);
    }

    [Fact]
    public void Wikipedia_fit_predicts_each_teams_observed_wins()
    {
        BradleyTerryFit fit = BradleyTerry.Fit(WikipediaBattles());
        ModelMatrix predicted = ArenaMatrices.PredictedWinRates(fit);
        ModelMatrix counts = ArenaMatrices.BattleCounts(fit.Battles);
        double[] observedWins = [3, 8, 4, 7];
        for (int i = 0; i < 4; i++)
        {
            double expected = 0;
            for (int j = 0; j < 4; j++)
            {
                expected += i == j ? 0 : counts[i, j] * predicted[i, j];
            }

            Assert.Equal(observedWins[i], expected, 1e-8);
        }

        Assert.Equal(0.380141, predicted[0, 1], 5e-7);
        Assert.Equal(0.225177, predicted[2, 3], 5e-7);
    }

    internal static List<Battle> WikipediaBattles()
    {
        var battles = new List<Battle>();
        void Add(string first, string second, int firstWins, int secondWins)
        {
            for (int k = 0; k < firstWins; k++)
            {
                battles.Add(new Battle(first, second, BattleOutcome.AWins));
            }

            // Swap sides for the second team's wins: sides must not matter.
            for (int k = 0; k < secondWins; k++)
            {
                battles.Add(new Battle(second, first, BattleOutcome.AWins));
            }
        }

        Add("A", "B", 2, 3);
        Add("A", "D", 1, 4);
        Add("B", "C", 5, 3);
        Add("C", "D", 1, 3);
        return battles;
    }
}
