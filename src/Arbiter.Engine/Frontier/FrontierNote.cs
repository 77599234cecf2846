using System.Globalization;

namespace Arbiter.Engine.Frontier;

/// <summary>What a <see cref="FrontierNote"/> says; each kind has one template in <see cref="FrontierNoteText"/>.</summary>
public enum FrontierNoteKind
{
    /// <summary>{0} duplicate model × benchmark scores, the best of each kept.</summary>
    Duplicates,

    /// <summary>{0} runs without samples left out.</summary>
    RunsWithoutSamples,

    /// <summary>{0} benchmark, {1} preliminary arena models left out, {2} some of their names.</summary>
    ArenaPreliminary,

    /// <summary>{0} benchmark, {1} rated models, {2} battles, {3} where the battles came from.</summary>
    ArenaRatings,

    /// <summary>{0} models without a known country left out, {1} some of their names.</summary>
    NoCountry,

    /// <summary>{0} models without a known organisation left out, {1} some of their names.</summary>
    NoOrganization,

    /// <summary>{0} models without known weights (open or closed) left out, {1} some of their names.</summary>
    NoWeights,

    /// <summary>{0} models without a release date left out, {1} some of their names.</summary>
    NoReleaseDate,

    /// <summary>{0} models released after the as-of date {1} left out.</summary>
    ReleasedAfter,

    /// <summary>The newest release in the data is {0}, {1} days before the as-of date.</summary>
    DataAge,

    /// <summary>Group {0}: {1} benchmarks without a model of the reference {2} left out.</summary>
    NoReference,
}

/// <summary>
/// Something the user should know about the frontier data (what was left out and why), kept as a kind and its
/// culture-invariant arguments so each front end can say it in its own language (<see cref="FrontierNoteText"/>).
/// </summary>
/// <param name="Kind">What the note says.</param>
/// <param name="Args">The values filled into the kind's template, already formatted culture-invariantly.</param>
public sealed record FrontierNote(FrontierNoteKind Kind, IReadOnlyList<string> Args)
{
    /// <summary>A note with these arguments (numbers written culture-invariantly).</summary>
    public static FrontierNote Of(FrontierNoteKind kind, params object[] args) =>
        new(kind, [.. args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")]);

    /// <summary>The note in English (CLI output and report files).</summary>
    public string Text => FrontierNoteText.English.Format(this);

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>
/// The templates of the frontier notes, as composite format strings (placeholders documented on
/// <see cref="FrontierNoteKind"/>). The defaults are English; the web passes its UI language's strings, as it does for
/// <see cref="FrontierChartText"/>, so the Engine keeps no translation tables.
/// </summary>
public sealed record FrontierNoteText
{
    /// <summary>The English templates.</summary>
    public static FrontierNoteText English { get; } = new();

    /// <summary>Template of <see cref="FrontierNoteKind.Duplicates"/>.</summary>
    public string Duplicates { get; init; } = "{0} duplicate model × benchmark score(s): the best of each is used";

    /// <summary>Template of <see cref="FrontierNoteKind.RunsWithoutSamples"/>.</summary>
    public string RunsWithoutSamples { get; init; } = "{0} run(s) without samples were left out";

    /// <summary>Template of <see cref="FrontierNoteKind.ArenaPreliminary"/>.</summary>
    public string ArenaPreliminary { get; init; } = "{0}: {1} preliminary model(s) (too few battles to rank on) were left out: {2}";

    /// <summary>Template of <see cref="FrontierNoteKind.ArenaRatings"/>.</summary>
    public string ArenaRatings { get; init; } = "{0}: Bradley–Terry ratings of {1} model(s) from {2} battles ({3}), one fit over all battles; the lag intervals resample models, not battles, so the ratings' own uncertainty is not in them";

    /// <summary>Template of <see cref="FrontierNoteKind.NoCountry"/>.</summary>
    public string NoCountry { get; init; } = "{0} model(s) without a known country were left out: {1}";

    /// <summary>Template of <see cref="FrontierNoteKind.NoOrganization"/>.</summary>
    public string NoOrganization { get; init; } = "{0} model(s) without a known organization were left out: {1}";

    /// <summary>Template of <see cref="FrontierNoteKind.NoWeights"/>.</summary>
    public string NoWeights { get; init; } = "{0} model(s) without known weights (open or closed) were left out: {1}";

    /// <summary>Template of <see cref="FrontierNoteKind.NoReleaseDate"/>.</summary>
    public string NoReleaseDate { get; init; } = "{0} model(s) without a release date were left out: {1}";

    /// <summary>Template of <see cref="FrontierNoteKind.ReleasedAfter"/>.</summary>
    public string ReleasedAfter { get; init; } = "{0} model(s) released after {1} were left out";

    /// <summary>Template of <see cref="FrontierNoteKind.DataAge"/>.</summary>
    public string DataAge { get; init; } = "the newest release in the data is {0}, {1} days before the as-of date: current lags include that gap (pass --as-of to measure at the data's date); record lags do not depend on it";

    /// <summary>Template of <see cref="FrontierNoteKind.NoReference"/>.</summary>
    public string NoReference { get; init; } = "{0}: {1} benchmark(s) without a {2} model to compare with were left out";

    /// <summary>The note in these words.</summary>
    public string Format(FrontierNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var template = note.Kind switch
        {
            FrontierNoteKind.Duplicates => Duplicates,
            FrontierNoteKind.RunsWithoutSamples => RunsWithoutSamples,
            FrontierNoteKind.ArenaPreliminary => ArenaPreliminary,
            FrontierNoteKind.ArenaRatings => ArenaRatings,
            FrontierNoteKind.NoCountry => NoCountry,
            FrontierNoteKind.NoOrganization => NoOrganization,
            FrontierNoteKind.NoWeights => NoWeights,
            FrontierNoteKind.NoReleaseDate => NoReleaseDate,
            FrontierNoteKind.ReleasedAfter => ReleasedAfter,
            FrontierNoteKind.DataAge => DataAge,
            FrontierNoteKind.NoReference => NoReference,
            _ => throw new ArgumentOutOfRangeException(nameof(note), note.Kind, "unknown note kind"),
        };
        return string.Format(CultureInfo.InvariantCulture, template, [.. note.Args]);
    }
}
