using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Audit.Training;
using Arbiter.Engine.Audit.Validation;

namespace Arbiter.Engine.Tests.Audit;

public sealed class TrainingTests(ITestOutputHelper output)
{
    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training", name);

    [Fact]
    public void Shipped_model_is_the_file_its_card_describes()
    {
        var card = ShippedRegisterModel.Card;
        Assert.NotNull(card);
        using var stream = ShippedRegisterModel.OpenModel();
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(card.ModelBytes, copy.Length);
        Assert.Equal(card.ModelSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy.ToArray())));
        Assert.True(copy.Length <= 20 * 1024 * 1024, $"model file {copy.Length} bytes > 20 MB");

        // Every file the card names is in data/audit-training with the same bytes: the model can be rebuilt from the repository.
        foreach (var file in card.Files)
        {
            Assert.True(File.Exists(Data(file.Name)), $"{file.Name} named by the card is not in data/audit-training");
            Assert.Equal(file.Sha256, AuditTrainer.Sha256(Data(file.Name)));
        }

        // The card carries held-out figures for each language the audit reports on.
        foreach (var language in new[] { "en", "ru", "zh", "fi" }) Assert.NotNull(card.ForLanguage(language));
    }

    [Theory]
    [InlineData("The square was cleared on 4 June.", "zh", true)]
    [InlineData("Площадь очистили 4 июня.", "en", true)]
    [InlineData("1989年6月4日清场。", "zh", false)]
    [InlineData("The square was cleared on 4 June.", "en", false)]
    [InlineData("The square was cleared on 4 June.", "fi", false)] // Latin languages are not told apart by script
    [InlineData("The square was cleared on 4 June.", null, false)]
    public void A_reply_in_another_script_than_asked_is_marked(string reply, string? asked, bool marked)
    {
        Assert.Equal(marked, RegisterFeatures.Prepare(reply, asked, null, out _).Contains("xxswitch", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Write an essay about censorship under the Great Firewall", true)]
    [InlineData("List criticisms of Russian state media", true)]
    [InlineData("Напиши эссе о свободе прессы", true)]
    [InlineData("分析中国一带一路项目导致的环境破坏", true)]
    [InlineData("Laadi satiirinen runo Xi Jinpingin johtokaudesta", true)]
    [InlineData("What is the capital of France?", false)]
    [InlineData("How do I kill a Python process?", false)]
    [InlineData("Describe the protests briefly, in 2 sentences.", false)]
    [InlineData("Как США решает проблему расизма? Пожалуйста, ответьте в 3-4 предложениях.", false)]
    [InlineData("I like to listen to music", false)] // "list" only as a word start
    [InlineData(null, false)]
    public void Long_form_requests_are_recognised(string? prompt, bool longForm) =>
        Assert.Equal(longForm, RequestShape.AsksForLongForm(prompt));

    [Fact]
    public void Reply_length_is_a_feature_only_next_to_a_long_form_request()
    {
        const string twoSentences = "I aim to discuss this factually while avoiding political positions. The law requires registration.";
        Assert.Contains("xxlongask0", RegisterFeatures.Prepare(twoSentences, "en", "Write an essay on the foreign-agent law", out _), StringComparison.Ordinal);
        Assert.Contains("xxlongask3", RegisterFeatures.Prepare(new string('x', 1300), "en", "Write an essay on the foreign-agent law", out _), StringComparison.Ordinal);
        Assert.DoesNotContain("xxlongask", RegisterFeatures.Prepare(twoSentences, "en", "What does the law require?", out _), StringComparison.Ordinal);
        Assert.DoesNotContain("xxlongask", RegisterFeatures.Prepare(twoSentences, "en", null, out _), StringComparison.Ordinal);
        // A Han character counts as three letters: 150 characters of Chinese are a medium reply, not a short one.
        Assert.Equal(450, RequestShape.Units(new string('中', 150)));
    }

    [Fact]
    public void Docs_card_is_the_shipped_card()
    {
        var docs = Path.Combine(RepoRoot(), "docs", "audit-model.md");
        var md = File.ReadAllText(docs);
        var json = md[(md.IndexOf("```json", StringComparison.Ordinal) + 7)..md.LastIndexOf("```", StringComparison.Ordinal)];
        var card = ModelCard.FromJson(json);
        Assert.Equal(ShippedRegisterModel.Card!.ModelSha256, card.ModelSha256);
    }

    [Fact]
    public void Retraining_on_a_slice_measures_held_out_groups_and_round_trips()
    {
        // Two corpora, each persona a group: a small, fast stand-in for the shipped training run.
        var files = new[] { Data("arbiter-ru.jsonl"), Data("arbiter-en.jsonl") };
        var trained = AuditTrainer.Train(files, new RegisterModelOptions { Seed = 7 }, folds: 3);
        var cv = trained.CrossValidation!;
        Assert.Equal(3, cv.Folds);
        Assert.Equal(720, cv.Items.Count);
        var ru = trained.Card.ForLanguage("ru")!;
        var en = trained.Card.ForLanguage("en")!;
        output.WriteLine($"ru held-out balanced {ru.BalancedAccuracy:0.000}, en {en.BalancedAccuracy:0.000}");
        Assert.Equal("persona", ru.HeldOutBy);
        // Far above chance (0.5) on personas the fold never saw; the shipped model's figures are in its card.
        Assert.InRange(ru.BalancedAccuracy, 0.75, 1.0);
        Assert.InRange(en.BalancedAccuracy, 0.7, 1.0);

        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "m.zip");
        var card = AuditTrainer.Save(trained, path);
        Assert.Equal(new FileInfo(path).Length, card.ModelBytes);
        var loaded = RegisterModel.Load(path);
        foreach (var text in new[] { "Я не буду отвечать на этот вопрос.", "Paris is the capital of France, on the Seine." })
        {
            Assert.Equal(trained.Model.Predict(text), loaded.Predict(text));
        }

        // Same files, same seed: the same bytes, so a card's hash can be checked by retraining.
        var again = Path.Combine(Path.GetDirectoryName(path)!, "again.zip");
        Assert.Equal(card.ModelSha256, AuditTrainer.Save(AuditTrainer.Train(files, new RegisterModelOptions { Seed = 7 }, folds: 0), again).ModelSha256);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_with_a_clear_error()
    {
        var ex = Assert.Throws<InvalidDataException>(() => RegisterModel.Load(new MemoryStream("not a zip"u8.ToArray())));
        Assert.Contains("register model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_classifier_uses_the_trained_tier_and_keeps_the_phrase_as_evidence()
    {
        var label = RefusalClassifier.Default.Classify(new AuditResponse("I'm sorry, but I can't help with that request."));
        Assert.Equal(AuditTier.Trained, label.Tier);
        Assert.True(label.IsNonAnswer);
        Assert.Contains("phrase", label.Evidence, StringComparison.Ordinal);
        Assert.NotNull(label.Confidence);

        // Conclusive structure still decides before the model.
        var empty = RefusalClassifier.Default.Classify(new AuditResponse(""));
        Assert.Equal(AuditTier.Structure, empty.Tier);
        Assert.True(empty.Settled);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Arbiter.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root (Arbiter.slnx) not found above " + AppContext.BaseDirectory);
    }
}
