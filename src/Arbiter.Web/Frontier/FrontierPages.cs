using System.Globalization;
using Arbiter.Engine.Frontier;
using System.Collections.Concurrent;
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
    private static FrontierLagResult Compute(FrontierOptions options)
    {
        var key = string.Join('\u001f', options.Grouping, options.Reference, options.AsOf.DayNumber, string.Join('\u001e', options.Benchmarks));
        if (Results.TryGetValue(key, out var cached)) return cached;
        var result = FrontierLagAnalysis.Compute(Table, options);
        if (Results.Count >= MaxCached) Results.Clear();
        Results[key] = result;
        return result;
    }

    private static IResult FrontierJson(HttpContext context, string? group, string? reference, string[]? benchmark, string? asOf)
    {
        var (options, error) = Options(context, group, reference, benchmark, asOf);
        if (options is null) return TypedResults.BadRequest(new { error });
        try
        {
            return TypedResults.Content(FrontierWriter.Json(Compute(options)), "application/json; charset=utf-8");
        }
        catch (FrontierInputException ex)
        {
            return TypedResults.BadRequest(new { error = ex.Message });
        }
    }

    private static IResult FrontierPage(HttpContext context, string? group, string? reference, string[]? benchmark, string? asOf)
    {
        var t = UiText.For(UiLanguage.Of(context));
        var (options, error) = Options(context, group, reference, benchmark, asOf);
        FrontierLagResult? result = null;
        try
        {
            if (options is not null) result = Compute(options);
        }
        catch (FrontierInputException ex)
        {
            error = ex.Message;
        }

        return Layout.Page(context, t["frontier.title"], "frontier", (h, t) =>
        {
            h.Element("h1", t["frontier.title"]).Element("p", t["frontier.intro"], "intro");
            Source(h, t);
            Form(h, t, "/frontier", "group", group ?? "country", benchmark, asOf, reference ?? options?.Reference);
            if (result is null || options is null)
            {
                h.Element("p", error, "error");
                return;
            }

            h.Element("h2", string.Format(CultureInfo.InvariantCulture, t["frontier.heading"], options.Reference, FrontierDates.Iso(options.AsOf)));
            LagTable(h, t, result.Rows.Where(r => r.Benchmark == "*"), t["frontier.summary"]);
            h.Raw("<details><summary>").Text(t["frontier.perBenchmark"]).Raw("</summary>");
            LagTable(h, t, result.Rows.Where(r => r.Benchmark != "*"), null);
            h.Raw("</details>");
            h.Element("p", t["frontier.legend"], "note");
            Notes(h, t, result.Notes);
        }, status: result is null ? 400 : 200);
    }

    private static IResult CountriesPage(HttpContext context, string? by, string[]? benchmark, string? asOf)
    {
        var t = UiText.For(UiLanguage.Of(context));
        var grouping = Grouping(by);
        var date = Date(context, asOf);
        IReadOnlyList<GroupRankRow>? rows = null;
        string? error = grouping is null ? $"by: expected country, organization or weights, not '{by}'"
            : date is null ? $"asOf: expected a date YYYY-MM-DD, not '{asOf}'" : null;
        try
        {
            if (grouping is { } g && date is { } d) rows = GroupRanking.Compute(Table, g, d, Benchmarks(benchmark));
        }
        catch (FrontierInputException ex)
        {
            error = ex.Message;
        }

        return Layout.Page(context, t["countries.title"], "countries", (h, t) =>
        {
            h.Element("h1", t["countries.title"]).Element("p", t["countries.intro"], "intro");
            Source(h, t);
            Form(h, t, "/countries", "by", by ?? "country", benchmark, asOf, null);
            if (rows is null)
            {
                h.Element("p", error, "error");
                return;
            }

            RankTable(h, t, rows);
            Notes(h, t, Table.Notes);
        }, status: rows is null ? 400 : 200);
    }

    private static void LagTable(Html h, UiText t, IEnumerable<FrontierLagRow> rows, string? caption)
    {
        h.Raw("<table class=\"board frontier\">");
        if (caption is not null) h.Element("caption", caption);
        h.Raw("<thead><tr>");
        foreach (var head in new[] { t["frontier.group"], t["frontier.benchmark"], t["frontier.current"], t["frontier.median"], t["frontier.ci"], t["frontier.records"] }) h.Element("th", head);
        h.Raw("</tr></thead><tbody>");
        var inv = CultureInfo.InvariantCulture;
        foreach (var r in rows)
        {
            var censored = r.Records.Count(x => x.Censored);
            var records = r.Benchmark == "*" ? "" : r.Records.Count.ToString(inv) + (censored > 0 ? " (" + string.Format(inv, t["frontier.censored"], censored) + ")" : "");
            h.Raw("<tr").Attr("data-group", r.Group).Attr("data-benchmark", r.Benchmark).Raw(">")
                .Element("td", r.Group).Element("td", r.Benchmark == "*" ? t["frontier.all"] : r.Benchmark)
                .Element("td", Days(t, r.CurrentLagDays), "num").Element("td", Days(t, r.MedianRecordLagDays), "num")
                .Element("td", string.Create(inv, $"{r.Lower:0.#} – {r.Upper:0.#}"), "num").Element("td", records, "num").Raw("</tr>");
        }

        h.Raw("</tbody></table>");
    }

    private static void RankTable(Html h, UiText t, IReadOnlyList<GroupRankRow> rows)
    {
        if (rows.Count == 0)
        {
            h.Element("p", t["countries.empty"], "empty");
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        h.Raw("<table class=\"board countries\"><thead><tr>");
        foreach (var head in new[] { t["frontier.benchmark"], t["frontier.group"], t["countries.best"], t["countries.score"], t["countries.rank"], t["countries.models"], t["countries.mean"], t["frontier.ci"] }) h.Element("th", head);
        h.Raw("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            h.Raw("<tr").Attr("data-group", r.Group).Attr("data-benchmark", r.Benchmark).Raw(">")
                .Element("td", r.Benchmark).Element("td", r.Group).Element("td", r.BestModel)
                .Element("td", F(r.BestScore), "num")
                .Element("td", string.Format(inv, t["countries.ranks"], r.BestRank, r.RankedModels), "num")
                .Element("td", r.Models.ToString(inv), "num").Element("td", F(r.Mean), "num")
                .Element("td", r.Models < 2 ? "" : F(r.Lower) + " – " + F(r.Upper), "num").Raw("</tr>");
        }

        h.Raw("</tbody></table>");
    }

    private static void Form(Html h, UiText t, string action, string groupName, string group, string[]? benchmark, string? asOf, string? reference)
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
        h.Raw("<button type=\"submit\">").Text(t["board.apply"]).Raw("</button></form>");
    }

    private static void Input(Html h, string name, string label, string? value) =>
        h.Raw("<label>").Text(label).Raw(" <input type=\"text\"").Attr("name", name).Attr("value", value).Raw("></label>");

    private static void Source(Html h, UiText t) =>
        h.Raw("<p class=\"source\">").Text(t["frontier.source"]).Raw(" <strong>").Text(ShippedScores.Attribution).Raw("</strong> (")
            .Raw("<a").Attr("href", ShippedScores.LicenceUrl).Raw(">CC-BY-4.0</a>; ").Raw("<code>").Text(ShippedScores.FileName).Raw("</code>)</p>");

    private static void Notes(Html h, UiText t, IReadOnlyList<string> notes)
    {
        if (notes.Count == 0) return;
        h.Raw("<details class=\"warnings\" open><summary>").Text(t["frontier.notes"]).Raw("</summary><ul>");
        foreach (var n in notes) h.Element("li", n);
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

    private static string Days(UiText t, double days) =>
        string.Format(CultureInfo.InvariantCulture, t["frontier.days"], days.ToString("0.#", CultureInfo.InvariantCulture), FrontierDates.Months(days).ToString("0.0", CultureInfo.InvariantCulture));

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
