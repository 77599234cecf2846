using Arbiter.Core.Models;
using Arbiter.Core.Runs;

namespace Arbiter.Core.Tests;

public sealed class ModelSpecTests
{
    [Fact]
    public void Cost_is_priced_per_million_tokens_in_the_given_currency()
    {
        var pricing = new Pricing(InputPerMillion: 1200m, OutputPerMillion: 2400m, Currency: "RUB");
        Assert.Equal(1.2m + 0.48m, pricing.CostOf(inputTokens: 1000, outputTokens: 200));
        Assert.Equal(0m, pricing.CostOf(0, 0));
    }

    [Fact]
    public void Overrides_win_and_unset_values_keep_the_defaults()
    {
        var defaults = new GenerationParameters(Temperature: 0.7, MaxTokens: 512, Seed: 1);
        var merged = defaults.With(new GenerationParameters(Temperature: 0, Stop: ["\n\n"]));
        Assert.Equal(0, merged.Temperature);
        Assert.Equal(512, merged.MaxTokens);
        Assert.Equal(1, merged.Seed);
        Assert.Equal(["\n\n"], merged.Stop);
        Assert.Same(defaults, defaults.With(null));
    }

    [Fact]
    public void Expected_samples_are_items_times_epochs()
    {
        var run = new RunRecord("r1", "h", "s", "1", "m", "science", "en", ItemCount: 40, Epochs: 3, RunStatus.Running, 0, null);
        Assert.Equal(120, run.ExpectedSamples);
    }
}
