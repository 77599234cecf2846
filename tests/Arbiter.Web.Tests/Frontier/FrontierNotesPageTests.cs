using System.Net;
using Arbiter.Engine.Frontier;
using Arbiter.Web.Frontier;
using Arbiter.Web.Localization;
using Arbiter.Web.Tests.Support;

namespace Arbiter.Web.Tests.Frontier;

/// <summary>The engine's notes on the data (what was left out and why) in the UI's language on <c>/frontier</c> and <c>/countries</c>.</summary>
public sealed class FrontierNotesPageTests
{
    [Theory]
    [InlineData("en", "model(s) without a known country were left out", "duplicate model × benchmark score(s)")]
    [InlineData("ru", "Исключено моделей без известной страны", "Повторных оценок «модель × тест»")]
    [InlineData("zh", "个国家未知的模型", "重复的“模型 × 基准”分数")]
    public async Task Notes_on_the_data_are_in_the_ui_language(string lang, string noCountry, string duplicates)
    {
        await using var web = await WebHarness.StartAsync();
        using var client = web.Client();
        using (await client.Http.GetAsync($"/lang/{lang}?return=/")) { }

        // As of two years after the data: the data-age note too, whose CLI wording ("pass --as-of") has no place on a web page.
        var page = WebUtility.HtmlDecode(await client.Http.GetStringAsync("/frontier?asOf=2027-10-15"));
        var notes = page[page.IndexOf("<details class=\"warnings\"", StringComparison.Ordinal)..];
        Assert.Contains(noCountry, notes, StringComparison.Ordinal);
        Assert.Contains(duplicates, notes, StringComparison.Ordinal);
        Assert.DoesNotContain("--as-of", notes, StringComparison.Ordinal);

        // Each note is the engine's, in the page's strings: the same count and arguments as the English ones.
        var options = new FrontierOptions { Reference = "US", AsOf = new DateOnly(2027, 10, 15) };
        var result = FrontierLagAnalysis.Compute(FrontierPages.Table, options);
        Assert.Contains(result.Notes, n => n.Kind == FrontierNoteKind.DataAge);
        var text = FrontierNoteStrings.For(UiText.For(lang));
        Assert.All(result.Notes, n => Assert.Contains(text.Format(n), notes, StringComparison.Ordinal));
        if (lang != "en") Assert.All(result.Notes, n => Assert.DoesNotContain(n.Text, notes, StringComparison.Ordinal));

        var countries = WebUtility.HtmlDecode(await client.Http.GetStringAsync("/countries?asOf=2025-10-15"));
        Assert.Contains(duplicates, countries, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_note_kind_has_a_template_in_every_ui_language_that_takes_its_arguments()
    {
        foreach (var lang in new[] { "en", "ru", "zh" })
        {
            var text = FrontierNoteStrings.For(UiText.For(lang));
            foreach (var kind in Enum.GetValues<FrontierNoteKind>())
            {
                var note = FrontierNote.Of(kind, "A1", "B2", "C3", "D4");
                var said = text.Format(note);
                var used = FrontierNoteText.English.Format(note);
                // The translation fills in exactly the arguments the English template uses.
                foreach (var arg in note.Args) Assert.Equal(used.Contains(arg, StringComparison.Ordinal), said.Contains(arg, StringComparison.Ordinal));
                if (lang != "en") Assert.NotEqual(used, said);
            }
        }
    }
}
