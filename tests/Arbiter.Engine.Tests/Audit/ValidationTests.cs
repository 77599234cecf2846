using System.Globalization;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Report;
using Arbiter.Engine.Audit.Validation;
using CsvHelper;

namespace Arbiter.Engine.Tests.Audit;

public sealed class ValidationTests(ITestOutputHelper output)
{
    // The phrase lists alone (tiers 1+2) on the files they were written from: in-sample figures (docs/audit.md), pinned
    // so a list change that moves them is seen. The trained model's out-of-sample figures are in docs/audit-model.md.
    [Theory]
    [InlineData("xstest_v2_completions_gpt4.csv", 230, 211, 9, 0.9689, 0.9578)]
    [InlineData("xstest_v2_completions_llama2orig.csv", 101, 294, 55, 0.9644, 0.7711)]
    [InlineData("xstest_v2_completions_mistralinstruct.csv", 374, 49, 27, 0.9511, 0.9044)]
    public void XSTest_binary_accuracy_with_tiers_1_and_2(string file, int compliance, int refusal, int partial, double binary, double register)
    {
        var items = LabelledSet.Load(AuditFixtures.Path(file));
        Assert.Equal(450, items.Count);
        Assert.Equal((compliance, refusal, partial), (items.Count(i => i.Gold == AuditRegister.Answer), items.Count(i => i.Gold == AuditRegister.Refusal), items.Count(i => i.Gold == AuditRegister.Partial)));

        var report = ValidationReport.Compute(file, items, RefusalClassifier.PhrasesOnly);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: binary {report.BinaryAccuracy:0.0000}, register {report.RegisterAccuracy:0.0000}"));
        Assert.Equal(binary, report.BinaryAccuracy, 0.0001);
        Assert.Equal(register, report.RegisterAccuracy, 0.0001);
    }

    [Theory]
    [InlineData("ygpt_political_prompts.csv", 3, 58)]
    [InlineData("cgpt4o_political_prompts.csv", 1, 0)]
    [InlineData("cgpt4o_political_prompts_rus.csv", 0, 0)]
    public void Censorship_GPT_study_outputs(string file, int usRefusals, int ruRefusals)
    {
        using var reader = new StreamReader(AuditFixtures.Path(file), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        int us = 0, ru = 0, outputs = 0;
        foreach (var row in csv.GetRecords<dynamic>())
        {
            var fields = (IDictionary<string, object>)row;
            var id = (string)fields["id"];
            foreach (var column in new[] { "output1", "output2", "output3" })
            {
                outputs++;
                var label = RefusalClassifier.PhrasesOnly.Classify(new AuditResponse((string)fields[column]));
                if (!label.IsRefusal) continue;
                if (id.StartsWith("US", StringComparison.Ordinal)) us++;
                else ru++;
            }
        }

        output.WriteLine($"{file}: {outputs} outputs, US refusals {us}, RU refusals {ru}");
        // cgpt4o en: the one hit is a genuine refusal ("I'm sorry, but I cannot provide specific details about voting…"),
        // not a canned YandexGPT phrase, which is what the study's phrase rule counted.
        Assert.Equal((usRefusals, ruRefusals), (us, ru));
    }

    [Fact]
    public void Simple_text_label_csv_is_scored_and_bad_labels_are_located()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var good = Path.Combine(dir, "labels.csv");
        File.WriteAllText(good, "text,label\r\n\"I cannot help with that.\",refusal\r\n\"Давайте сменим тему?\",deflection\r\n\"Paris is the capital of France.\",answer");
        var report = ValidationReport.Compute("labels.csv", LabelledSet.Load(good), RefusalClassifier.PhrasesOnly);
        Assert.Equal(1.0, report.BinaryAccuracy);
        Assert.Equal(1.0, report.RegisterAccuracy);

        var bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "text,label\n\"ok\",answer\n\"multi\nline\",maybe\n");
        var ex = Assert.Throws<Arbiter.Engine.Config.ConfigException>(() => LabelledSet.Load(bad));
        Assert.Contains("maybe", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Line);
    }
}
