using System.Globalization;
using System.Collections.Concurrent;
using Arbiter.Engine.Frontier;
using Arbiter.Web.Hosting;
using Arbiter.Web.Localization;
using Arbiter.Web.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Arbiter.Web.Frontier;

/// <summary>
/// <c>/frontier</c> (lag behind a reference group), <c>/api/frontier</c> and <c>/countries</c> (best model per group):
/// adapters over the Engine's <see cref="FrontierLagAnalysis"/> and <see cref="GroupRanking"/> on the shipped scores.
/// </summary>
public static class FrontierPages
{
    // Parsed once per process: the shipped file never changes while the server runs, and the table is only read.
    private static readonly Lazy<ScoreTable> Shipped = new(ShippedScores.Load);

    // A 1,000-round bootstrap per page view would put up to half a second of CPU on every request of a public
    // page; results depend only on the query, so they are kept (bounded: a flood of distinct queries resets it).
    private const int MaxCached = 64;
    private static readonly ConcurrentDictionary<string, FrontierLagResult> Results = new(StringComparer.Ordinal);

    /// <summary>The shipped scores table the pages read.</summary>
    internal static ScoreTable Table => Shipped.Value;

    /// <summary>Maps <c>/frontier</c>, <c>/api/frontier</c> and <c>/countries</c>.</summary>
    public static IEndpointRouteBuilder MapFrontierPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/frontier", FrontierPage);
        app.MapGet("/api/frontier", FrontierJson);
        app.MapGet("/countries", CountriesPage);
        return app;
    }

    /// <summary>The query as <c>arbiter frontier</c> options, or the reason it is not valid (naming the field).</summary>
    internal static (FrontierOptions? Options, string? Error) Options(HttpContext context, string? group, string? reference, string[]? benchmark, string? asOf)
    {
        if (Grouping(group) is not { } grouping) return (null, $"group: expected country, organization or weights, not '{group}'");
        if (Date(context, asOf) is not { } date) return (null, $"asOf: expected a date YYYY-MM-DD, not '{asOf}'");
        return (new FrontierOptions
        {
            Grouping = grouping,
            Reference = string.IsNullOrWhiteSpace(reference) ? DefaultReference(grouping) : reference.Trim(),
            Benchmarks = Benchmarks(benchmark),
            AsOf = date,
        }, null);
    }

    /// <summary>The engine's result for <paramref name="options"/> (with <c>arbiter frontier</c>'s default bootstrap), cached.</summary>
    private static FrontierLagResult Compute(FrontierSourceKind source, ScoreTable table, FrontierOptions options)
    {
        // Stored runs and battles change while the server runs (and are few): only the shipped file's results are kept.
        if (source != FrontierSourceKind.Published) return FrontierLagAnalysis.Compute(table, options);
        var key = string.Join('\u001f', options.Grouping, options.Reference, options.AsOf.DayNumber, string.Join('\u001e', options.Benchmarks));
        if (Results.TryGetValue(key, out var cached)) return cached;
        var result = FrontierLagAnalysis.Compute(table, options);
        if (Results.Count >= MaxCached) Results.Clear();
        Results[key] = result;
        return result;
    }

    private static async Task<IResult> FrontierJson(HttpContext context, string? group, string? reference, string[]? benchmark, string? asOf, string? source, CancellationToken cancellationToken)
    {
        var (options, error) = Options(context, group, reference, benchmark, asOf);
        if (options is null) return TypedResults.BadRequest(new { error });
        if (FrontierSource.Parse(source) is not { } from) return TypedResults.BadRequest(new { error = FrontierSource.Error(source) });
        try
        {
            var table = await FrontierSource.LoadAsync(from, context.RequestServices, null, cancellationToken);
            return TypedResults.Content(FrontierWriter.Json(Compute(from, table, options)), "application/json; charset=utf-8");
        }
        catch (FrontierInputException ex)
        {
            return TypedResults.BadRequest(new { error = ex.Message });
        }
    }

    private static async Task<IResult> FrontierPage(HttpContext context, string? group, string? reference, string[]? benchmark, string? asOf, string? source, CancellationToken cancellationToken)
    {
        var t = UiText.For(UiLanguage.Of(context));
        var simulated = context.RequestServices.GetRequiredService<WebState>().Simulated;
        var (options, error) = Options(context, group, reference, benchmark, asOf);
        var from = FrontierSource.Parse(source);
        if (from is null) error = FrontierSource.Error(source);
        FrontierView? view = null;
        try
        {
            if (options is not null && from is { } f)
            {
                var table = await FrontierSource.LoadAsync(f, context.RequestServices, t, cancellationToken);
                if (table.Scores.Count == 0) throw new FrontierInputException(FrontierSource.Empty(t, f));
                view = new FrontierView(table, options, Compute(f, table, options)) { Simulated = f != FrontierSourceKind.Published && simulated, Text = FrontierChartStrings.For(t) };
            }
        }
        catch (FrontierInputException ex)
        {
            error = ex.Message;
        }

        return Layout.Page(context, t["frontier.title"], "frontier", (h, t) =>
        {
            h.Element("h1", t["frontier.title"]).Element("p", t["frontier.intro"], "intro");
            FrontierSource.Tabs(h, t, context, from ?? FrontierSourceKind.Published, simulated);
            FrontierSource.Describe(h, t, from ?? FrontierSourceKind.Published, simulated);
            Form(h, t, "/frontier", "group", group ?? "country", benchmark, asOf, reference ?? options?.Reference, source);
            if (view is null || options is null)
            {
                h.Element("p", error, "error");
                return;
            }

            var result = view.Result;
            h.Element("h2", string.Format(CultureInfo.InvariantCulture, t["frontier.heading"], options.Reference, FrontierDates.Iso(options.AsOf)));
            // The charts are the engine's, with the words in the UI's language (numbers and dates invariant, as in the tables).
            h.Raw("<div class=\"frontier-charts\"").Attr("aria-label", t["frontier.charts"]).Raw(">").Raw(FrontierCharts.Figures(view, "frontier")).Raw("</div>");
            FrontierTables.LagTable(h, t, result.Rows.Where(r => r.Benchmark == "*"), t["frontier.summary"]);
            h.Raw("<details><summary>").Text(t["frontier.perBenchmark"]).Raw("</summary>");
            FrontierTables.LagTable(h, t, result.Rows.Where(r => r.Benchmark != "*"), null);
            h.Raw("</details>");
            h.Element("p", t["frontier.legend"], "note");
            Notes(h, t, result.Notes);
        }, status: view is null ? 400 : 200);
    }

    private static async Task<IResult> CountriesPage(HttpContext context, string? by, string[]? benchmark, string? asOf, string? source, CancellationToken cancellationToken)
    {
        var t = UiText.For(UiLanguage.Of(context));
        var simulated = context.RequestServices.GetRequiredService<WebState>().Simulated;
        var grouping = Grouping(by);
        var date = Date(context, asOf);
        var from = FrontierSource.Parse(source);
        IReadOnlyList<GroupRankRow>? rows = null;
        IReadOnlyList<FrontierNote> notes = [];
        string? error = grouping is null ? $"by: expected country, organization or weights, not '{by}'"
            : date is null ? $"asOf: expected a date YYYY-MM-DD, not '{asOf}'"
            : from is null ? FrontierSource.Error(source) : null;
        try
        {
            if (grouping is { } g && date is { } d && from is { } f)
            {
                var table = await FrontierSource.LoadAsync(f, context.RequestServices, t, cancellationToken);
                if (table.Scores.Count == 0) throw new FrontierInputException(FrontierSource.Empty(t, f));
                rows = GroupRanking.Compute(table, g, d, Benchmarks(benchmark));
                notes = table.Notes;
            }
        }
        catch (FrontierInputException ex)
        {
            error = ex.Message;
        }

        return Layout.Page(context, t["countries.title"], "countries", (h, t) =>
        {
            h.Element("h1", t["countries.title"]).Element("p", t["countries.intro"], "intro");
            FrontierSource.Tabs(h, t, context, from ?? FrontierSourceKind.Published, simulated);
            FrontierSource.Describe(h, t, from ?? FrontierSourceKind.Published, simulated);
            Form(h, t, "/countries", "by", by ?? "country", benchmark, asOf, null, source);
            if (rows is null)
            {
                h.Element("p", error, "error");
                return;
            }

            FrontierTables.RankTable(h, t, rows);
            if (rows.Count > 0) h.Element("p", t["countries.ciNote"], "note");
            Notes(h, t, notes);
        }, status: rows is null ? 400 : 200);
    }

    private static void Form(Html h, UiText t, string action, string groupName, string group, string[]? benchmark, string? asOf, string? reference, string? source)
    {
        h.Raw("<form class=\"filters\" method=\"get\"").Attr("action", action).Raw("><label>").Text(t["frontier.groupBy"]).Raw(" <select").Attr("name", groupName).Raw(">");
        foreach (var g in new[] { "country", "organization", "weights" })
        {
            h.Raw("<option").Attr("value", g).Attr("selected", g == group ? "selected" : null).Raw(">").Text(t["frontier.by." + g]).Raw("</option>");
        }

        h.Raw("</select></label>");
        if (action == "/frontier") Input(h, "reference", t["frontier.reference"], reference);
        Input(h, "benchmark", t["frontier.benchmark"], benchmark is { Length: > 0 } ? string.Join(",", benchmark) : null);
        Input(h, "asOf", t["frontier.asOf"], asOf);
        if (FrontierSource.Parse(source) is { } kind and not FrontierSourceKind.Published) h.Raw("<input type=\"hidden\" name=\"source\"").Attr("value", FrontierSource.Name(kind)).Raw(">");
        h.Raw("<button type=\"submit\">").Text(t["board.apply"]).Raw("</button></form>");
    }

    private static void Input(Html h, string name, string label, string? value) =>
        h.Raw("<label>").Text(label).Raw(" <input type=\"text\"").Attr("name", name).Attr("value", value).Raw("></label>");

    private static void Notes(Html h, UiText t, IReadOnlyList<FrontierNote> notes)
    {
        if (notes.Count == 0) return;
        var text = FrontierNoteStrings.For(t);
        h.Raw("<details class=\"warnings\" open><summary>").Text(t["frontier.notes"]).Raw("</summary><ul>");
        foreach (var n in notes) h.Element("li", text.Format(n));
        h.Raw("</ul></details>");
    }

    private static FrontierGrouping? Grouping(string? value) => (value?.Trim().ToLowerInvariant() ?? "country") switch
    {
        "" or "country" => FrontierGrouping.Country,
        "organization" or "organisation" => FrontierGrouping.Organization,
        "weights" => FrontierGrouping.Weights,
        _ => null,
    };

    // A reference that exists under each grouping: the US for countries, closed weights, and the organisation most scored in the shipped file.
    private static string DefaultReference(FrontierGrouping grouping) => grouping switch
    {
        FrontierGrouping.Weights => "closed",
        FrontierGrouping.Organization => "OpenAI",
        _ => "US",
    };

    private static DateOnly? Date(HttpContext context, string? text) => string.IsNullOrWhiteSpace(text)
        ? DateOnly.FromDateTime((context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime)
        : FrontierDates.TryParse(text.Trim());

    // A form field sends "a,b"; the API also takes ?benchmark=a&benchmark=b, as the CLI's repeatable --benchmark.
    private static string[] Benchmarks(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
}
