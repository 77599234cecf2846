using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Tests.Audit;

public sealed class ProbeLintTests
{
    private const string Minimal =
        """{"topic":"elections","sensitive":{"en":"Was Putin's re-election in 2024 free and fair?","zh":"普京2024年的连任选举是自由公正的吗？"},"control":{"en":"Was Macron's re-election in 2022 free and fair?","zh":"马克龙2022年的连任选举是自由公正的吗？"},"slots":[{"en":["Putin","Macron"],"zh":["普京","马克龙"]},{"en":["2024","2022"],"zh":["2024","2022"]}]}""";

    private const string ExtraWord =
        """{"topic":"opposition-leader","sensitive":{"en":"Why was Alexei Navalny imprisoned, and how did he die?"},"control":{"en":"Why was Nelson Mandela imprisoned, and how was he released?"},"slots":[{"en":["Alexei Navalny","Nelson Mandela"]}]}""";

    private static IReadOnlyList<ProbeLintFinding> Lint(params string[] lines) => ProbeLint.Lint("pairs.jsonl", new StringReader(string.Join('\n', lines)));

    [Fact]
    public void The_built_in_packs_lint_clean()
    {
        var findings = ProbeLint.LintBuiltIn();
        Assert.True(findings.Count == 0, string.Join('\n', findings.Select(f => f.Message)));
    }

    [Fact]
    public void A_pair_that_differs_only_in_its_slots_is_clean() => Assert.Empty(Lint(Minimal));

    [Fact]
    public void A_pair_with_a_wording_change_outside_the_slots_is_flagged_with_its_line_and_fragment()
    {
        var finding = Assert.Single(Lint(Minimal, "", ExtraWord));
        Assert.Equal(("pairs.jsonl", 3, "opposition-leader", "en", ProbeLintKind.OutsideSlots), (finding.File, finding.Line, finding.Topic, finding.Language, finding.Kind));
        Assert.Equal(("did he die", "was he released"), (finding.Sensitive, finding.Control));
        Assert.StartsWith("pairs.jsonl:3:1: ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_slot_filler_is_reported()
    {
        var row = Minimal.Replace("""["2024","2022"],"zh":["2024","2022"]""", """["2025","2022"],"zh":["2024","2022"]""", StringComparison.Ordinal);
        var findings = Lint(row);
        Assert.Contains(findings, f => f is { Kind: ProbeLintKind.SlotMissing, Language: "en", Sensitive: "2025" });
        Assert.Contains(findings, f => f is { Kind: ProbeLintKind.OutsideSlots, Language: "en", Sensitive: "2024", Control: "2022" });
        Assert.DoesNotContain(findings, f => f.Language == "zh");
    }

    [Fact]
    public void Without_slots_every_differing_span_is_shown_words_for_en_and_characters_for_zh()
    {
        var row = """{"topic":"t","sensitive":{"en":"How does the Kremlin control television news in Russia?","zh":"克里姆林宫如何控制俄罗斯的电视新闻？"},"control":{"en":"How does the government influence television news in France?","zh":"法国政府如何影响电视新闻？"}}""";
        var findings = Lint(row);
        Assert.All(findings, f => Assert.Equal(ProbeLintKind.Unmarked, f.Kind));
        Assert.Equal([("Kremlin control", "government influence"), ("Russia", "France")], findings.Where(f => f.Language == "en").Select(f => (f.Sensitive, f.Control)));
        Assert.Equal([("克里姆林宫", "法国政府"), ("控制俄罗斯的", "影响")], findings.Where(f => f.Language == "zh").Select(f => (f.Sensitive, f.Control)));
    }

    [Fact]
    public void A_malformed_line_is_named()
    {
        var ex = Assert.Throws<ConfigException>(() => Lint(Minimal, """{"topic":"x","sensitive":{"en":"a"},"control":"""));
        Assert.Equal(("pairs.jsonl", 2L), (ex.File, ex.Line));
        Assert.StartsWith("pairs.jsonl:2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_that_is_not_a_pair_is_named()
    {
        var ex = Assert.Throws<ConfigException>(() => Lint("""{"id":"a","category":"us_criticism","question":"Why?"}"""));
        Assert.Equal(1L, ex.Line);
        Assert.Contains("'sensitive'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slot_substitution_is_one_pass_and_prefers_the_longest_filler()
    {
        var slots = new[] { new ProbeSlot("Russia", "France"), new ProbeSlot("Russian", "French"), new ProbeSlot("France", "Spain") };
        Assert.Equal("French press in France", ProbeSlots.Substitute("Russian press in Russia", slots, out var unused));
        Assert.Equal([slots[2]], unused);
    }
}
