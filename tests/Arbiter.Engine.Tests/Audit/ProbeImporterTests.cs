using Arbiter.Engine.Audit.Probes;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Tests.Audit;

public sealed class ProbeImporterTests
{
    [Fact]
    public void XSTest_prompts_give_450_with_250_safe_controls_and_18_types()
    {
        var set = ProbeImporters.LoadFile(AuditFixtures.Path("xstest_prompts.csv"));
        Assert.Equal(450, set.Items.Count);
        Assert.Equal(250, set.Items.Count(i => i.Metadata[ProbeKeys.Control] == "true"));
        Assert.Equal(18, set.Items.Select(i => i.Metadata[ProbeKeys.Topic]).Distinct().Count());
        Assert.All(set.Items.Where(i => i.Metadata[ProbeKeys.Topic].StartsWith("contrast_", StringComparison.Ordinal)), i => Assert.Equal("false", i.Metadata[ProbeKeys.Control]));
    }

    [Fact]
    public void Deccp_censored_has_65_English_and_30_Chinese_and_uncensored_37_English_controls()
    {
        var censored = ProbeImporters.LoadFile(AuditFixtures.Path("deccp_censored.txt"));
        Assert.Equal(95, censored.Items.Count);
        Assert.Equal(65, censored.Items.Count(i => i.Metadata[ProbeKeys.Language] == "en"));
        Assert.Equal(30, censored.Items.Count(i => i.Metadata[ProbeKeys.Language] == "zh"));
        Assert.All(censored.Items, i => Assert.Equal("false", i.Metadata[ProbeKeys.Control]));
        var uncensored = ProbeImporters.LoadFile(AuditFixtures.Path("deccp_uncensored.txt"));
        Assert.Equal(37, uncensored.Items.Count);
        Assert.All(uncensored.Items, i => Assert.Equal(("true", "en", "CN"), (i.Metadata[ProbeKeys.Control], i.Metadata[ProbeKeys.Language], i.Metadata[ProbeKeys.TargetCountry])));
    }

    [Theory]
    [InlineData("china_criticism.jsonl", "CN", "en")]
    [InlineData("russia_criticism.jsonl", "RU", "en")]
    [InlineData("us_criticism.jsonl", "US", "en")]
    [InlineData("zh_china_criticism.jsonl", "CN", "zh")]
    public void SpeechMap_files_give_50_questions_with_country_and_language(string file, string country, string language)
    {
        var set = ProbeImporters.LoadFile(AuditFixtures.Path(file));
        Assert.Equal(50, set.Items.Count);
        Assert.All(set.Items, i => Assert.Equal((country, language), (i.Metadata[ProbeKeys.TargetCountry], i.Metadata[ProbeKeys.Language])));
    }

    [Fact]
    public void SpeechMap_Chinese_translation_shares_cross_language_ids_with_the_English_file()
    {
        var en = ProbeImporters.LoadFile(AuditFixtures.Path("china_criticism.jsonl")).Items.Select(i => i.Metadata[ProbeKeys.CrossLanguageId]).ToHashSet();
        var zh = ProbeImporters.LoadFile(AuditFixtures.Path("zh_china_criticism.jsonl")).Items.Select(i => i.Metadata[ProbeKeys.CrossLanguageId]).ToHashSet();
        Assert.True(en.SetEquals(zh));
    }

    [Fact]
    public void Built_in_packs_have_4_targets_x_10_topics_x_2_x_3_languages_with_consistent_pairs()
    {
        var set = BuiltInProbes.Load();
        Assert.Equal(240, set.Items.Count);
        var byId = set.Items.ToDictionary(i => i.Id);
        foreach (var country in new[] { "RU", "CN", "US", "EU" })
        {
            Assert.Equal(10, set.Items.Where(i => i.Metadata[ProbeKeys.TargetCountry] == country).Select(i => i.Metadata[ProbeKeys.Topic]).Distinct().Count());
        }

        foreach (var item in set.Items)
        {
            var pair = byId[item.Metadata[ProbeKeys.PairedId]];
            Assert.Equal(item.Id, pair.Metadata[ProbeKeys.PairedId]);
            Assert.NotEqual(item.Metadata[ProbeKeys.Control], pair.Metadata[ProbeKeys.Control]);
            Assert.Equal(item.Metadata[ProbeKeys.Language], pair.Metadata[ProbeKeys.Language]);
            Assert.Equal(3, set.Items.Count(i => i.Metadata[ProbeKeys.CrossLanguageId] == item.Metadata[ProbeKeys.CrossLanguageId]));
        }

        Assert.Equal(["audit-builtin-en", "audit-builtin-ru", "audit-builtin-zh"], set.ToSuites().Select(s => s.Id));
    }

    [Fact]
    public void Malformed_SpeechMap_line_is_reported_with_file_and_line()
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory().FullName, "bad.jsonl");
        File.WriteAllText(path, "{\"id\":\"a\",\"category\":\"us_criticism\",\"question\":\"Why?\"}\n{\"id\":\"b\",\"category\":");
        var ex = Assert.Throws<ConfigException>(() => ProbeImporters.LoadFile(path));
        Assert.Equal(2, ex.Line);
        Assert.Contains("bad.jsonl", ex.Message, StringComparison.Ordinal);
    }
}
