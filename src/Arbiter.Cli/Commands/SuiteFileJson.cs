using Arbiter.Engine.Suites;

namespace Arbiter.Cli.Commands;

/// <summary>The <c>suites validate --format json</c> shape of one file: format, suites with counts, groups, models, problems.</summary>
internal static class SuiteFileJson
{
    public static object Of(SuiteFile f) => new
    {
        file = f.Path,
        format = f.Format,
        ok = f.Ok,
        suites = f.Suites.Select(s => new
        {
            s.Id,
            s.Title,
            items = s.Items.Count,
            multipleChoice = s.Items.Count(i => i.Choices is { Count: > 0 }),
            scorer = s.Scorer.Kind,
            fewShot = s.FewShotK ?? 0,
            s.Epochs,
            s.Language,
            confidentiality = s.Confidentiality.ToString().ToLowerInvariant(),
            warnings = FewShotSelector.Of(s).Warnings(s.Items),
        }),
        groups = f.Groups.Select(g => new
        {
            g.Id,
            members = g.Members,
            aggregate = g.WeightBySize ? "size-weighted mean" : "mean",
            items = f.Suites.Where(s => g.Members.Contains(s.Id)).Sum(s => s.Items.Count),
        }),
        models = f.Models.Select(m => new { m.Id, m.Model, m.BaseUrl, file = m.File, m.Line }),
        problems = f.Problems.Select(p => new { file = p.File, p.Line, p.Column, severity = p.Severity.ToString().ToLowerInvariant(), p.Message }),
    };
}
