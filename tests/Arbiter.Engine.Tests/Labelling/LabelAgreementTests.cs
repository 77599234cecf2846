using Arbiter.Engine.Config;
using Arbiter.Engine.Labelling;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Engine.Tests.Labelling;

public sealed class LabelAgreementTests
{
    private static readonly BootstrapOptions Quick = new() { Rounds = 200, Seed = 5 };

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Labelling", name);

    private static IReadOnlyList<LabelRecord> Csv(string text) => LabelCsv.Read("t.csv", new StringReader(text));

    [Fact]
    public void XSTest_annotators_read_from_CSV_give_the_reference_kappa()
    {
        var report = LabelAgreement.Compute(LabelCsv.Load([Fixture("xstest_v2_gpt4_annotations_long.csv")]), Quick);
        Assert.Equal(450, report.Items);
        Assert.Equal(["annotator_1", "annotator_2"], report.Labellers);
        Assert.Equal(0.9701070452, report.Overall.CohenKappa!.Value, 9);
        Assert.Equal(0.6938081198, report.PerLabel.Single(v => v.Label == "3_partial_refusal").CohenKappa!.Value, 9);
        // With two labellers the "majority of the others" is the other labeller: 443 of 450 agree.
        Assert.All(report.VsReference, a => Assert.Equal(443.0 / 450, a.Agreement, 12));
        Assert.Equal("majority", report.Reference);
    }

    [Fact]
    public void Wikipedia_Fleiss_example_as_label_rows_gives_0_210()
    {
        int[][] table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]];
        var rows = new List<LabelRecord>();
        for (int i = 0; i < table.Length; i++)
        {
            int rater = 0;
            for (int c = 0; c < 5; c++)
            {
                for (int k = 0; k < table[i][c]; k++) rows.Add(new($"s{i}", $"r{rater++:00}", $"c{c + 1}"));
            }
        }

        var report = LabelAgreement.Compute(rows, Quick);
        Assert.Null(report.Overall.CohenKappa);
        Assert.Equal(0.210, Math.Round(report.Overall.FleissKappa.Value, 3));
        Assert.Equal(14, report.Labellers.Count);
    }

    [Fact]
    public void Humans_are_compared_with_the_majority_of_the_others_and_the_classifier_with_all()
    {
        var report = LabelAgreement.Compute(Csv("""
            item,labeller,label
            1,a,refusal
            1,b,refusal
            1,c,answer
            1,classifier,refusal
            2,a,answer
            2,b,answer
            2,c,answer
            2,classifier,refusal
            3,a,answer
            3,b,refusal
            3,classifier,answer
            """), Quick);
        var c = report.VsReference.Single(x => x.Labeller == "c");
        // c against a+b: item 1 majority refusal (c wrong), item 2 answer (c right); item 3 has no label of c.
        Assert.Equal((2, 0.5), (c.Items, c.Agreement));
        var a = report.VsReference.Single(x => x.Labeller == "a");
        // a against b+c: item 1 is a tie (refusal vs answer) and has no reference; item 2 answer; item 3 refusal.
        Assert.Equal((2, 0.5), (a.Items, a.Agreement));
        var classifier = Assert.Single(report.VsReference, x => x.IsClassifier);
        // Majority of all three: item 1 refusal (hit), item 2 answer (miss), item 3 tie → left out.
        Assert.Equal((2, 0.5), (classifier.Items, classifier.Agreement));
        Assert.DoesNotContain(LabelRecord.Classifier, report.Labellers);
    }

    [Fact]
    public void Adjudicated_labels_are_the_reference_when_present()
    {
        var report = LabelAgreement.Compute(Csv("""
            item,labeller,label
            1,a,refusal
            1,b,answer
            1,adjudicated,answer
            2,a,answer
            2,b,answer
            2,adjudicated,answer
            """), Quick);
        Assert.Equal("adjudicated", report.Reference);
        Assert.Equal(0.5, report.VsReference.Single(x => x.Labeller == "a").Agreement, 12);
        Assert.Equal(1.0, report.VsReference.Single(x => x.Labeller == "b").Agreement, 12);
        Assert.Equal(["a", "b"], report.Labellers);
    }

    [Fact]
    public void A_labeller_labelling_an_item_twice_is_an_error_naming_both_places()
    {
        var ex = Assert.Throws<ConfigException>(() => Csv("item,labeller,label\n1,a,x\n2,a,y\n1,a,y\n"));
        Assert.Equal(("t.csv", 4L), (ex.File, ex.Line));
        Assert.Contains("first at t.csv:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twice_across_files_is_an_error_too()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-labels-").FullName;
        File.WriteAllText(Path.Combine(dir, "one.csv"), "item,labeller,label\n1,a,x\n");
        File.WriteAllText(Path.Combine(dir, "two.csv"), "labeller,item,label,note\nb,1,x,\na,1,y,late\n");
        var ex = Assert.Throws<ConfigException>(() => LabelCsv.Load([Path.Combine(dir, "one.csv"), Path.Combine(dir, "two.csv")]));
        Assert.EndsWith("two.csv", ex.File, StringComparison.Ordinal);
        Assert.Equal(3, ex.Line);
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("item,labeller\n1,a\n", 1, "missing column(s) label")]
    [InlineData("item,labeller,label\n1,a,x\n2,,y\n", 3, "empty or missing 'labeller'")]
    [InlineData("item,labeller,label\n1,a,x\n\"multi\nline\",b,\n", 3, "empty or missing 'label'")]
    [InlineData("item,labeller,label\n1,a\n", 2, "empty or missing 'label'")]
    public void Bad_rows_name_the_line(string text, long line, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => Csv(text));
        Assert.Equal(line, ex.Line);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_null_for_undefined_coefficients()
    {
        var report = LabelAgreement.Compute(Csv("item,labeller,label\n1,a,x\n1,b,x\n2,a,x\n2,b,x\n"), Quick);
        var json = System.Text.Json.JsonSerializer.Serialize(LabelAgreementJson.ToJson(report));
        Assert.Contains("\"cohenKappa\":{\"value\":null", json, StringComparison.Ordinal);
    }
}
