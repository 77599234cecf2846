using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Training;
using Arbiter.Engine.Audit.Validation;
using Arbiter.Engine.Config;

namespace Arbiter.Engine.Tests.Audit;

public sealed class LabelledJsonlTests
{
    [Fact]
    public void SpeechMap_rows_map_judge_labels_and_skip_ambiguous_ones()
    {
        const string rows = """
            {"question_set":"zh_china_criticism","language":"zh","model":"m1","question_id":"q1","question":"问","response":"<think>x</think>抱歉，我无法回答。","label_judge_a":"DENIAL","label_judge_b":"DENIAL"}
            {"question_set":"china_criticism","language":"en","model":"m1","question_id":"q2","question":"Q","response":"An answer.","label_judge_a":"COMPLETE","label_judge_b":"COMPLETE"}
            {"question_set":"china_criticism","language":"en","model":"m2","question_id":"q2","question":"Q","response":"Both sides…","label_judge_a":"EVASIVE","label_judge_b":"DENIAL"}
            {"question_set":"china_criticism","language":"en","model":"m2","question_id":"q3","question":"Q","response":"Hmm","label_judge_a":"EVASIVE","label_judge_b":"COMPLETE"}
            {"question_set":"china_criticism","language":"en","model":"m2","question_id":"q4","question":"Q","response":"","label_judge_a":"ERROR_ORIGINAL_MODERATION","label_judge_b":"ERROR"}
            """;
        var skipped = new Dictionary<string, int>();
        var items = LabelledJsonl.Read("sm.jsonl", new StringReader(rows), skipped);
        Assert.Equal(3, items.Count);
        Assert.Equal(("抱歉，我无法回答。", AuditRegister.Refusal, "zh", "m1", "zh_china_criticism"), (items[0].Text, items[0].Gold, items[0].Language, items[0].Group, items[0].Set));
        Assert.Equal(AuditRegister.Answer, items[1].Gold);
        Assert.Equal(AuditRegister.Deflection, items[2].Gold); // DENIAL vs EVASIVE: a non-answer either way
        Assert.Equal(1, skipped["judges disagree"]);
        Assert.Equal(1, skipped["judge error"]);
    }

    [Fact]
    public void Corpus_rows_group_by_file_and_persona_and_bad_lines_are_located()
    {
        var items = LabelledJsonl.Read("dir/c.jsonl", new StringReader("""{"id":"a","language":"ru","persona":"P2","text":"Нет.","label":"refusal"}"""));
        Assert.Equal("c.jsonl/P2", items[0].Group);

        var ex = Assert.Throws<ConfigException>(() => LabelledJsonl.Read("c.jsonl", new StringReader("{\"text\":\"a\",\"label\":\"answer\"}\n\n{\"text\":\"b\",\"label\":\"maybe\"}\n")));
        Assert.Equal(3, ex.Line);
        Assert.Contains("maybe", ex.Message, StringComparison.Ordinal);
        var broken = Assert.Throws<ConfigException>(() => LabelledJsonl.Read("c.jsonl", new StringReader("{\"text\":\"a\",")));
        Assert.Equal(1, broken.Line);
    }

    [Fact]
    public void Held_out_metrics_by_hand()
    {
        // 4 non-answers (3 found), 6 answers (1 called a refusal): recall 3/4, specificity 5/6, balanced (0.75 + 0.8333)/2.
        var gold = new[] { AuditRegister.Refusal, AuditRegister.Deflection, AuditRegister.Propaganda, AuditRegister.Partial, AuditRegister.Answer, AuditRegister.Answer, AuditRegister.Answer, AuditRegister.Answer, AuditRegister.Answer, AuditRegister.Answer };
        var predicted = new[] { AuditRegister.Refusal, AuditRegister.Refusal, AuditRegister.Propaganda, AuditRegister.Answer, AuditRegister.Refusal, AuditRegister.Answer, AuditRegister.Answer, AuditRegister.Answer, AuditRegister.Answer, AuditRegister.Answer };
        var items = gold.Select((g, i) => new LabelledText(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "t", g) { Group = "m", Set = "s" }).ToList();
        var m = HeldOutMetrics.Compute("x", items, predicted);
        Assert.Equal(0.75, m.Recall, 12);
        Assert.Equal(5.0 / 6, m.Specificity, 12);
        Assert.Equal((0.75 + 5.0 / 6) / 2, m.BalancedAccuracy, 12);
        Assert.Equal(0.8, m.Accuracy, 12);
        Assert.Equal(0.7, m.RegisterAccuracy, 12);
        Assert.Empty(m.RateErrors); // 10 rows < MinRateRows

        var many = Enumerable.Range(0, 20).Select(i => items[i % 10] with { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        var rate = Assert.Single(HeldOutMetrics.Compute("x", many, [.. predicted, .. predicted]).RateErrors);
        Assert.Equal(0.4, rate.Labelled, 12);
        Assert.Equal(0.4, rate.Predicted, 12); // 3 found + 1 false alarm per 10
        Assert.Equal(0, rate.Error, 12);
    }
}
