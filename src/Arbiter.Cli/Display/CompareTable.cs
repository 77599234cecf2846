using Arbiter.Engine.Reports;
using Spectre.Console;

namespace Arbiter.Cli.Display;

/// <summary>Prints a <see cref="ComparisonSet"/> as one console table per group.</summary>
internal static class CompareTable
{
    public static void Print(ComparisonSet set, IAnsiConsole console)
    {
        foreach (var g in set.Groups)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(ComparisonHeadings.Of(g))}[/]")
                .Caption(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[grey]Δ = B − A, pp; paired bootstrap 95% CI ({set.Bootstrap.Rounds} rounds, seed {set.Bootstrap.Seed}); p: McNemar (paired t over item means with epochs or partial credit), Holm-adjusted; won/lost/tied count items; [bold]bold[/] = adjusted p < 0.05[/]"));
            foreach (var c in new[] { "model A", "model B" }) table.AddColumn(c);
            foreach (var c in new[] { "Δ B−A", "95% CI", "p", "p Holm", "B won", "B lost", "tied", "paired", "unpaired" }) table.AddColumn(new TableColumn(c).RightAligned());
            foreach (var p in g.Pairs)
            {
                var c = p.Comparison;
                var sig = p.AdjustedPValue < 0.05;
                var diff = Fmt.Pp(c.MeanDifference);
                table.AddRow(Markup.Escape(p.ModelA), Markup.Escape(p.ModelB), sig ? $"[bold]{diff}[/]" : diff,
                    Markup.Escape($"[{Fmt.Pp(c.Bootstrap.Interval.Lower)}, {Fmt.Pp(c.Bootstrap.Interval.Upper)}]"), Markup.Escape(Fmt.P(c.PValue)),
                    Markup.Escape(Fmt.P(p.AdjustedPValue)), Fmt.Count(c.WinsB), Fmt.Count(c.WinsA), Fmt.Count(c.Ties), Fmt.Count(c.PairedCount),
                    Fmt.Count(c.Alignment.OnlyInA.Count + c.Alignment.OnlyInB.Count));
            }

            console.Write(table);
        }

        foreach (var n in set.Notices) console.MarkupLine($"[yellow]note:[/] {Markup.Escape(n)}");
        if (Fmt.Blocked(set.BlockedByPolicy) is { } blocked) console.MarkupLine($"[yellow]not sent, so not paired:[/] {Markup.Escape(blocked)}");
    }
}
