using System.Globalization;
using Arbiter.Engine.Sovereignty;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary>Prints the cross-check of samples against audit entries for <c>audit-log verify</c>.</summary>
internal static class AuditCoverageReportWriter
{
    private const int Listed = 20;

    /// <summary>Writes the findings (problems to <paramref name="error"/>); returns the exit code.</summary>
    public static async Task<int> WriteAsync(AuditCoverageReport report, IAnsiConsole console, TextWriter error)
    {
        var checkedText = report.SamplesBeforeLinking > 0
            ? Inv($"{report.SamplesChecked} samples checked against their entries ({report.SamplesBeforeLinking} stored before entries named their sample were not checkable)")
            : Inv($"{report.SamplesChecked} samples checked against their entries");
        if (report.InFlightNow.Count > 0) checkedText += Inv($"; {report.InFlightNow.Count} call(s) in flight now");
        if (report.Complete)
        {
            console.MarkupLine($"[green]No call missing[/]: {Markup.Escape(checkedText)}");
            return ExitCodes.Ok;
        }

        if (report.Missing.Count > 0)
        {
            await error.WriteLineAsync(Inv($"audit log INCOMPLETE: {report.Missing.Count} stored sample(s) have no audit entry (calls the log misses):")).ConfigureAwait(false);
            foreach (var gap in report.Missing.Take(Listed))
            {
                await error.WriteLineAsync(Inv($"  run {gap.RunId} item {gap.ItemId} epoch {gap.Epoch} (stored {DateTimeOffset.FromUnixTimeMilliseconds(gap.CompletedAtMs):yyyy-MM-dd HH:mm:ss} UTC)")).ConfigureAwait(false);
            }

            if (report.Missing.Count > Listed) await error.WriteLineAsync(Inv($"  … and {report.Missing.Count - Listed} more")).ConfigureAwait(false);
        }

        if (report.InFlightAtCrash.Count > 0)
        {
            await error.WriteLineAsync(Inv($"{report.InFlightAtCrash.Count} call(s) were in flight at a crash: the intent is logged but no outcome; the request may have reached the endpoint:")).ConfigureAwait(false);
            foreach (var e in report.InFlightAtCrash.Take(Listed))
            {
                await error.WriteLineAsync(Inv($"  entry {e.Sequence}: {e.Purpose} call to {e.Endpoint} ({e.Jurisdiction}) model {e.Model}, run {e.RunId ?? "–"} item {e.ItemId ?? "–"}, at {DateTimeOffset.FromUnixTimeMilliseconds(e.TimeMs):yyyy-MM-dd HH:mm:ss} UTC")).ConfigureAwait(false);
            }

            if (report.InFlightAtCrash.Count > Listed) await error.WriteLineAsync(Inv($"  … and {report.InFlightAtCrash.Count - Listed} more")).ConfigureAwait(false);
        }

        await error.WriteLineAsync(checkedText).ConfigureAwait(false);
        return ExitCodes.Tampered;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
