using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Training;
using Arbiter.Engine.Audit.Validation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Arbiter.Engine.Tests.Audit;

public sealed class HashedTextFeaturizerTests
{
    private static readonly HashedTextFeaturizer Small = new(charBits: 12, charNgram: 3, wordBits: 10);

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training", name);

    [Theory]
    // Published MurmurHash3_x86_32 test vectors (SMHasher): the index of an n-gram is the same in any process on any platform.
    [InlineData(0u, new uint[0], 0u)]
    [InlineData(1u, new uint[0], 0x514E28B7u)]
    [InlineData(0xffffffffu, new uint[0], 0x81F16F39u)]
    [InlineData(0u, new uint[] { 0 }, 0x2362F9DEu)]
    [InlineData(0u, new uint[] { 0x87654321 }, 0xF55B516Bu)]
    [InlineData(0x5082EDEEu, new uint[] { 0x87654321 }, 0x2362F9DEu)]
    public void The_hash_is_murmur3(uint seed, uint[] words, uint expected)
    {
        var h = seed;
        foreach (var w in words) h = HashedTextFeaturizer.Mix(h, w);
        Assert.Equal(expected, HashedTextFeaturizer.Finish(h, (uint)words.Length));
    }

    [Fact]
    public async Task The_same_text_gives_the_same_vector_on_every_call_instance_and_thread()
    {
        const string text = "I'm sorry, but I can't help with that. Я не могу помочь. 我不能回答这个问题。";
        var first = Small.Featurize(text, text[..20]);
        var again = new HashedTextFeaturizer(12, 3, 10).Featurize(text, text[..20]);
        var elsewhere = await Task.Run(() => Small.Featurize(text, text[..20]), TestContext.Current.CancellationToken);
        foreach (var other in new[] { again, elsewhere, Small.Featurize(text, text[..20]) })
        {
            Assert.Equal(first.GetIndices().ToArray(), other.GetIndices().ToArray());
            Assert.Equal(first.GetValues().ToArray(), other.GetValues().ToArray());
        }
    }

    [Theory]
    [InlineData("Paris is the capital of France, on the Seine.")]
    [InlineData("Я не буду отвечать на этот вопрос. Давайте поговорим о чём-нибудь другом.")]
    [InlineData("作为一个人工智能语言模型，我还没学习如何回答这个问题。")]
    public void Each_block_is_l2_normalised_and_indices_ascend(string text)
    {
        var v = Small.Featurize(text, text[..10]);
        var indices = v.GetIndices().ToArray();
        Assert.Equal(indices.Order().ToArray(), indices);
        Assert.Equal(indices.Length, indices.Distinct().Count());
        foreach (var (from, to) in Blocks(Small))
        {
            var squares = Enumerable.Range(0, indices.Length).Where(i => indices[i] >= from && indices[i] < to).Sum(i => (double)v.GetValues()[i] * v.GetValues()[i]);
            Assert.Equal(1.0, squares, 5);
        }
    }

    [Fact]
    public void Text_is_lower_cased_with_digits_dropped_in_any_script()
    {
        AssertSame(Small.Featurize("ПРИВЕТ, Мир", ""), Small.Featurize("привет, мир", ""));
        AssertSame(Small.Featurize("Paris IS 2024 nice", ""), Small.Featurize("paris is  nice", ""));
        AssertSame(Small.Featurize("１９８９年六月", ""), Small.Featurize("年六月", "")); // full-width digits are digits too
        Assert.NotEqual(Small.Featurize("我不能回答", "").GetIndices().ToArray(), Small.Featurize("我能回答", "").GetIndices().ToArray());
    }

    [Fact]
    public void Chinese_text_without_spaces_gets_character_grams_and_one_word()
    {
        const string zh = "我不能回答这个问题";
        var v = Small.Featurize(zh, "");
        var (charsFrom, charsTo) = Blocks(Small)[0];
        var (wordsFrom, wordsTo) = Blocks(Small)[1];
        // 9 characters and 2 markers: at most 11 + 10 + 9 distinct 1–3-grams (fewer only by hash collisions in 4,096 slots).
        Assert.InRange(v.GetIndices().ToArray().Count(i => i >= charsFrom && i < charsTo), 28, 30);
        Assert.Equal(1, v.GetIndices().ToArray().Count(i => i >= wordsFrom && i < wordsTo));
    }

    [Fact]
    public void Empty_text_has_only_its_markers_and_no_word()
    {
        var v = Small.Featurize("", null);
        AssertSame(v, Small.Featurize(null, ""));
        // Per text: start, end and start-end; no words. The opening block is the same.
        Assert.Equal(6, v.GetValues().Length);
        Span<float> scores = stackalloc float[2];
        Small.Score("", "", new float[Small.Length * 2], scores);
        Assert.False(float.IsNaN(scores[0]) || float.IsNaN(scores[1]));
    }

    [Fact]
    public void Long_text_is_cut_to_its_first_max_chars()
    {
        var words = string.Join(' ', Enumerable.Range(0, 3000).Select(i => "слово" + (char)('a' + (i % 26))));
        Assert.True(words.Length > 2 * HashedTextFeaturizer.MaxChars);
        AssertSame(Small.Featurize(words[..HashedTextFeaturizer.MaxChars], "x"), Small.Featurize(words, "x"));
    }

    [Fact]
    public void Score_is_the_dot_product_of_the_vector_with_the_weights()
    {
        const int classes = 3;
        var random = new Random(5);
        var weights = new float[Small.Length * classes];
        for (var i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5);
        const string text = "I can't help with that.\n- first\n- second xxlist";
        var v = Small.Featurize(text, text[..15]);
        Span<float> scores = stackalloc float[classes];
        Small.Score(text, text[..15], weights, scores);
        for (var c = 0; c < classes; c++)
        {
            var dot = 0.0;
            for (var i = 0; i < v.GetValues().Length; i++) dot += v.GetValues()[i] * weights[(v.GetIndices()[i] * classes) + c];
            Assert.Equal(dot, scores[c], 4);
        }
    }

    [Fact]
    public void A_trained_model_predicts_what_ml_net_predicts_with_its_weights()
    {
        var rows = LabelledSet.Load(Data("arbiter-en.jsonl")).Select(i => new TrainingRow(i.Text, i.Gold, i.Language) { Prompt = i.Prompt }).ToList();
        var options = new RegisterModelOptions { CharBits = 14, WordBits = 14, Seed = 3 };
        var (model, predictor) = RegisterModel.TrainCore(rows, options);
        var featurizer = new HashedTextFeaturizer(options.CharBits, options.CharNgram, options.WordBits);
        var samples = rows.Take(40).Select(r => (r.Text, r.Language, r.Prompt))
            .Append(("Я не буду отвечать на этот вопрос.", "ru", null)).Append(("作为一个人工智能语言模型，我还没学习如何回答这个问题。", "zh", null)).Append(("", "en", null)).ToList();
        var features = samples.Select(s => new RegisterModel.FeatureRow
        {
            Features = featurizer.Featurize(RegisterFeatures.Prepare(s.Item1, s.Item2, s.Item3, out var opening), opening), Label = 0,
        });
        var ml = new MLContext(0);
        var scored = predictor.Transform(ml.Data.LoadFromEnumerable(features, RegisterModel.FeatureSchema(featurizer, model.Classes.Count)));
        var mlnet = scored.GetColumn<float[]>("Score").ToList();
        var answer = model.Classes.ToList().IndexOf(AuditRegister.Answer);
        var agree = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var ours = model.Predict(samples[i].Item1, samples[i].Item2, samples[i].Item3);
            Assert.Equal(mlnet[i].Max(), ours.Probability, 4);
            Assert.Equal(1 - mlnet[i][answer], ours.NonAnswer, 4);
            if (model.Classes[Array.IndexOf(mlnet[i], mlnet[i].Max())] == ours.Register) agree++;
        }

        Assert.Equal(samples.Count, agree);
        // The model learnt something: it gets its own training rows mostly right.
        Assert.True(rows.Count(r => model.Predict(r.Text, r.Language, r.Prompt).Register == r.Gold) > 0.9 * rows.Count);
    }

    private static (int From, int To)[] Blocks(HashedTextFeaturizer f)
    {
        int chars = 1 << f.CharBits, words = 1 << f.WordBits;
        return [(0, chars), (chars, chars + words), (chars + words, (2 * chars) + words), ((2 * chars) + words, f.Length)];
    }

    private static void AssertSame(VBuffer<float> expected, VBuffer<float> actual)
    {
        Assert.Equal(expected.GetIndices().ToArray(), actual.GetIndices().ToArray());
        Assert.Equal(expected.GetValues().ToArray(), actual.GetValues().ToArray());
    }
}
