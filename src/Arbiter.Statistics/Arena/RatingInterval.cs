namespace Arbiter.Statistics.Arena;

/// <summary>A model's rating with a confidence interval on the rating scale.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Rating">Point estimate on all data.</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="StandardError">Standard error on the rating scale (bootstrap SD or sandwich SE).</param>
public sealed record RatingInterval(string Model, double Rating, double Lower, double Upper, double StandardError);
