using System.CommandLine;
using Arbiter.Core.Models;
using Arbiter.Engine.Frontier;
using Arbiter.Engine.Reports;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter report --frontier REFERENCE [--scores FILE…] [--group …] [--as-of DATE]</c>: the frontier-lag part of the
/// HTML report, from the report's own runs (origin and releaseDate recorded with each) and any scores CSVs. Only reads
/// the inputs; the Engine computes (<see cref="FrontierLagAnalysis"/>) and draws (<see cref="FrontierHtmlReport.ReportPart"/>).
/// </summary>
internal sealed class ReportFrontier
{
    private readonly Option<string?> _reference = new("--frontier") { Description = "Add the frontier-lag section (html): each group's lag behind this reference group, e.g. US, from the selected runs and any --scores files" };
    private readonly Option<string[]> _scores = new("--scores") { Description = "With --frontier: scores CSV(s) model,organization,country,release_date,weights,benchmark,score[,source] (repeatable)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string> _group = FrontierInput.GroupOption("--group");
    private readonly Option<string?> _asOf = new("--as-of") { Description = "With --frontier: as-of date YYYY-MM-DD (default: today, UTC)" };

    public void AddTo(Command command)
    {
        _group.Description = "With --frontier: group by country | organization | weights";
        foreach (var o in new Option[] { _reference, _scores, _group, _asOf }) command.Options.Add(o);
        _asOf.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string?>();
            if (text is not null && FrontierDates.TryParse(text) is null) r.AddError($"--as-of must be a date YYYY-MM-DD, not '{text}'");
        });
    }

    /// <summary>
    /// The frontier view of the runs plus the scores files (none without --frontier), or the usage error to print (a
    /// --scores or --group without --frontier, a missing file, a reference group that is not in the data).
    /// </summary>
    public (IReadOnlyList<FrontierView> Views, string? Error) Build(ParseResult parse, string format, IReadOnlyList<RunData> runs, IEnumerable<ModelSpec> configModels, BootstrapOptions bootstrap)
    {
        IReadOnlyList<string> files = parse.GetValue(_scores) ?? [];
        if (parse.GetValue(_reference) is not { } reference)
        {
            return files.Count > 0 || parse.GetResult(_group) is { Implicit: false } || parse.GetValue(_asOf) is not null
                ? ([], "--scores, --group and --as-of shape the frontier section: add --frontier REFERENCE (e.g. --frontier US)")
                : ([], null);
        }

        if (format != "html") return ([], $"--frontier: the frontier section is part of the HTML report only, not --format {format} (use 'arbiter frontier --format {format}')");
        var table = new ScoreTable();
        foreach (var file in files.Order(StringComparer.Ordinal)) ScoresCsv.ReadInto(table, file);
        FrontierSources.AddConfigModels(table, configModels);
        FrontierSources.AddRuns(table, runs);
        var options = new FrontierOptions
        {
            Grouping = FrontierInput.Grouping(parse.GetValue(_group)!),
            Reference = reference,
            AsOf = FrontierDates.TryParse(parse.GetValue(_asOf)) ?? DateOnly.FromDateTime(DateTime.UtcNow),
            Bootstrap = bootstrap,
        };
        try
        {
            var sources = string.Join("; ", files.Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) == Path.GetFileName(ShippedScores.FileName) ? $"{f} ({ShippedScores.Attribution})" : f)
                .Append($"this report's {runs.Count} run(s) (suite = benchmark, mean score; origin and release date as recorded with each run)"));
            return ([new FrontierView(table, options, FrontierLagAnalysis.Compute(table, options)) { Heading = $"Lag behind {reference}", Source = sources }], null);
        }
        catch (FrontierInputException ex)
        {
            return ([], ex.Message.Replace("--reference", "--frontier", StringComparison.Ordinal));
        }
    }
}
