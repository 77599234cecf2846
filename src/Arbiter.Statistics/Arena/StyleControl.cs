using System.Globalization;

namespace Arbiter.Statistics.Arena;

/// <summary>Settings of a style-controlled fit.</summary>
public sealed record StyleControlOptions
{
    /// <summary>Rating scale, anchor, ridge and Newton settings (as for plain Bradley–Terry).</summary>
    public BradleyTerryOptions Ratings { get; init; } = BradleyTerryOptions.Default;

    /// <summary>L2 penalty λ on the style coefficients only (−λ/2·‖β‖²). Default 1 (scikit-learn's C = 1).</summary>
    public double StyleRegularization { get; init; } = 1.0;

    /// <summary>Feature names; default <see cref="StyleFeatures.Names"/> when there are four features, else feature_0, feature_1, ….</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }
}

/// <summary>A fitted style coefficient.</summary>
/// <param name="Name">Feature name.</param>
/// <param name="Value">β per standard deviation of the feature (log-odds of A winning); positive = the feature helps.</param>
/// <param name="FeatureMean">Mean of the feature over battles (used for the z-score).</param>
/// <param name="FeatureStandardDeviation">Population standard deviation used for the z-score (0: feature was constant and ignored).</param>
public sealed record StyleCoefficient(string Name, double Value, double FeatureMean, double FeatureStandardDeviation);

/// <summary>Style-controlled ratings and the style coefficients.</summary>
/// <param name="Ratings">Ratings with style effects removed (<see cref="BradleyTerryFit.IsStyleControlled"/> is true).</param>
/// <param name="Coefficients">One coefficient per feature.</param>
public sealed record StyleControlFit(BradleyTerryFit Ratings, IReadOnlyList<StyleCoefficient> Coefficients);

/// <summary>
/// Bradley–Terry with style control: P(A beats B) = σ(θ_A − θ_B + βᵀz), where z is the battle's feature
/// vector z-scored per feature across battles. θ (Σθ = 0) and β are fitted jointly by Newton's method on
/// the logistic likelihood (ties = ½), with L2 regularisation on β only (plus the documented ridge on θ
/// when the plain MLE would not exist). The ratings then measure quality at equal style.
/// </summary>
public static partial class StyleControl
{
    /// <summary>Fits ratings and style coefficients.</summary>
    /// <exception cref="ArgumentException">Feature vectors differ in length or contain non-finite values.</exception>
    public static StyleControlFit Fit(IReadOnlyList<StyledBattle> battles, StyleControlOptions? options = null) => FitCore(battles, options).Fit;

    /// <summary>The fit and what a bootstrap reuses: the indexed battles, their raw features and the fitted parameters.</summary>
    private static (StyleControlFit Fit, BattleSet Set, double[] Raw, double[] Parameters) FitCore(IReadOnlyList<StyledBattle> battles, StyleControlOptions? options)
    {
        ArgumentNullException.ThrowIfNull(battles);
        options ??= new StyleControlOptions();
        BradleyTerryOptions ratingOptions = options.Ratings;
        ratingOptions.Validate();
        if (!(options.StyleRegularization >= 0) || double.IsInfinity(options.StyleRegularization))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "StyleRegularization must be non-negative and finite.");
        }

        int k = battles.Count > 0 ? battles[0].Features.Count : 0;
        BattleSet set = BattleSet.From(battles.Select(b => b.Battle));
        var warnings = new List<string>(set.Warnings);
        string[] names = FeatureNames(options, k);
        double[] raw = RawFeatures(battles, set, k);
        double[] z = new double[raw.Length];
        Standardise(raw, null, z, k, out double[] means, out double[] sds);
        for (int f = 0; f < k; f++)
        {
            if (sds[f] == 0) warnings.Add($"Style feature '{names[f]}' is constant across battles; its coefficient is 0.");
        }

        int n = set.Models.Length;
        int anchor = BradleyTerry.ResolveAnchor(set, ratingOptions, warnings);
        List<string> existence = ComparisonGraph.Diagnose(set.Wins, n, set.Models);
        warnings.AddRange(existence);
        bool ridgeApplied = existence.Count > 0;
        double[] parameters = new double[n + k];
        var solver = new StyleControlSolver(set, z, k, ridgeApplied ? ratingOptions.Ridge : 0, options.StyleRegularization);
        SolveStatus status = solver.Solve(parameters, ratingOptions.MaxIterations, ratingOptions.Tolerance);
        if (!status.Converged)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Newton's method stopped after {status.Iterations} iteration(s) without converging (gradient norm {status.GradientNorm:G4})."));
        }

        double[] theta = parameters[..n];
        var coefficients = new StyleCoefficient[k];
        for (int f = 0; f < k; f++)
        {
            coefficients[f] = new StyleCoefficient(names[f], parameters[n + f], means[f], sds[f]);
        }

        BradleyTerryFit fit = BradleyTerry.Build(set, ratingOptions, theta, anchor, status, ridgeApplied, warnings, styleControlled: true);
        return (new StyleControlFit(fit, coefficients), set, raw, parameters);
    }

    private static string[] FeatureNames(StyleControlOptions options, int k)
    {
        IReadOnlyList<string>? names = options.FeatureNames ?? (k == StyleFeatures.Names.Count ? StyleFeatures.Names : null);
        if (names is not null && names.Count != k)
        {
            throw new ArgumentException("FeatureNames must have one name per feature.", nameof(options));
        }

        string[] result = new string[k];
        for (int f = 0; f < k; f++)
        {
            result[f] = names?[f] ?? string.Create(CultureInfo.InvariantCulture, $"feature_{f}");
        }

        return result;
    }

    /// <summary>Row-major [valid battle × feature] raw values, checked.</summary>
    private static double[] RawFeatures(IReadOnlyList<StyledBattle> battles, BattleSet set, int k)
    {
        int count = set.Count;
        double[] raw = new double[count * k];
        for (int t = 0; t < count; t++)
        {
            IReadOnlyList<double> features = battles[set.SourceIndex[t]].Features;
            if (features.Count != k)
            {
                throw new ArgumentException("Every battle must have the same number of style features.", nameof(battles));
            }

            for (int f = 0; f < k; f++)
            {
                double value = features[f];
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException("Style features must be finite.", nameof(battles));
                }

                raw[(t * k) + f] = value;
            }
        }

        return raw;
    }

    /// <summary>
    /// z-scores of <paramref name="raw"/> into <paramref name="z"/>, each battle counted <paramref name="multiplicity"/>
    /// times (null: once) — what standardising a resample with repeated battles gives. Constant features become 0.
    /// </summary>
    private static void Standardise(double[] raw, int[]? multiplicity, double[] z, int k, out double[] means, out double[] sds)
    {
        int count = k == 0 ? 0 : raw.Length / k;
        means = new double[k];
        sds = new double[k];
        double total = 0;
        for (int t = 0; t < count; t++)
        {
            total += multiplicity?[t] ?? 1;
        }

        for (int f = 0; f < k; f++)
        {
            double sum = 0, squares = 0;
            for (int t = 0; t < count; t++)
            {
                sum += (multiplicity?[t] ?? 1) * raw[(t * k) + f];
            }

            double mean = total > 0 ? sum / total : 0;
            for (int t = 0; t < count; t++)
            {
                double d = raw[(t * k) + f] - mean;
                squares += (multiplicity?[t] ?? 1) * d * d;
            }

            double sd = total > 0 ? Math.Sqrt(squares / total) : 0;
            if (!(sd > 1e-12))
            {
                sd = 0;
            }

            means[f] = mean;
            sds[f] = sd;
            for (int t = 0; t < count; t++)
            {
                z[(t * k) + f] = sd > 0 ? (raw[(t * k) + f] - mean) / sd : 0;
            }
        }
    }
}
