using System.Text.Json;
using System.Text.Json.Nodes;
using Arbiter.Engine.RecordedLogs;
using Arbiter.Engine.RecordedLogs.Inspect;
using static Arbiter.Engine.Tests.RecordedLogs.ZipFixtures;

namespace Arbiter.Engine.Tests.RecordedLogs;

public sealed class InspectLogReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_eval_archive_gives_task_model_dataset_and_the_recorded_answer_and_score()
    {
        var log = await InspectLogReader.ReadAsync(Inspect("mmlu-summary-choices.eval"), Ct);

        Assert.Equal(("inspect-eval", "inspect_evals/mmlu_0_shot", "openai/gpt-4o", "cais/mmlu", "choice", "success"),
            (log.Format, log.Task, log.Model, log.Dataset, log.Scorer, log.Status));
        Assert.Equal("Dj4Li7NchTfQSiX7eKXLLN", log.SourceId);
        Assert.Equal(DateTimeOffset.Parse("2025-12-19T12:37:50+00:00", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), log.CreatedAtMs);
        var s = Assert.Single(log.Samples);
        Assert.Equal(("1", 0, "A", "ANSWER: C"), (s.Id, s.Epoch, s.Targets[0], s.Answer));
        Assert.Equal(["6.0 e", "6.8 eV", "12.2 eV", "13.6 eV"], s.Choices);
        Assert.StartsWith("Positronium is an atom", s.Question, StringComparison.Ordinal);
        Assert.Equal(("choice", 0.0, "I", "C"), (s.Score!.Scorer, s.Score.Value, s.Score.Raw, s.Score.Extracted));
        Assert.Equal((153L, 3L), (s.Usage.Input, s.Usage.Output));
        Assert.Equal("college_physics", s.Metadata["subject"]);
        Assert.Equal("stop", s.FinishReason);
        Assert.Contains("\"temperature\":0", log.GenerateConfigJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Epochs_are_zero_based_and_every_sample_of_every_epoch_is_read()
    {
        var log = await InspectLogReader.ReadAsync(Inspect("log_streaming.eval"), Ct);

        Assert.Equal((2, 2, 4), (log.ItemCount, log.Epochs, log.Samples.Count));
        Assert.Equal(["1/0 I", "1/1 C", "2/0 C", "2/1 C"], log.Samples.Select(s => $"{s.Id}/{s.Epoch} {s.Score!.Raw}"));
        Assert.Equal(0.75, log.Samples.Average(s => s.Score!.Value!.Value));
        // No eval_id in this older log: its identity is a hash of the file.
        Assert.Equal(64, log.SourceId.Length);
    }

    [Fact]
    public async Task The_older_json_format_reads_the_same_fields()
    {
        var log = await InspectLogReader.ReadAsync(Inspect("2025-05-12T20-28-13-04-00_popularity.json"), Ct);

        Assert.Equal(("inspect-json", "popularity", "openai/gpt-4o-mini", "match", "cancelled"), (log.Format, log.Task, log.Model, log.Scorer, log.Status));
        Assert.Equal(["1 Yes C", "2 No C", "3 No I"], log.Samples.Select(s => $"{s.Id} {s.Answer} {s.Score!.Raw}"));
        Assert.Equal(" Yes", log.Samples[0].Targets[0]);
        // Scalars are kept as text; a nested object is not a grouping value and is left out.
        Assert.Equal("0.8860552919198255", log.Samples[0].Metadata["label_confidence"]);
        Assert.False(log.Samples[0].Metadata.ContainsKey("nested"));
    }

    [Fact]
    public async Task A_zstd_compressed_multi_frame_archive_reads_the_same_as_the_deflate_one()
    {
        var deflate = await InspectLogReader.ReadAsync(Inspect("mmlu-summary-choices.eval"), Ct);
        var bytes = ZstdZip(Entries(Inspect("mmlu-summary-choices.eval")));
        var zstd = InspectLogReader.Read(bytes, "zstd.eval");

        // The framework's own reader refuses method 93: this archive really is zstd.
        using (var framework = new System.IO.Compression.ZipArchive(new MemoryStream(bytes)))
        {
            Assert.ThrowsAny<InvalidDataException>(() => framework.Entries[0].Open());
        }

        Assert.Equal(deflate.Task, zstd.Task);
        static string Shape(RecordedSample s) => JsonSerializer.Serialize(s);
        Assert.Equal(Shape(deflate.Samples[0]), Shape(zstd.Samples[0]));
        Assert.Equal(deflate.SourceId, zstd.SourceId);
    }

    [Fact]
    public void A_log_still_being_written_has_no_header_and_is_read_from_the_journal_start()
    {
        var entries = Entries(Inspect("log_streaming.eval")).Where(e => e.Name is not ("header.json" or "summaries.json" or "reductions.json"));

        var log = InspectLogReader.Read(ZstdZip(entries), "running.eval");

        Assert.Equal(("popularity", "match", null), (log.Task, log.Scorer, log.Status));
        Assert.Equal(4, log.Samples.Count);
    }

    [Theory]
    [InlineData(-1, "must be a whole number from 1")]
    [InlineData(0, "must be a whole number from 1")]
    public void A_malformed_sample_entry_is_named_with_the_file_and_the_field(int epoch, string expected)
    {
        var sample = JsonNode.Parse(Entries(Inspect("mmlu-summary-choices.eval")).Single(e => e.Name == "samples/1_epoch_1.json").Data)!;
        sample["epoch"] = epoch;
        var bytes = WithEntry(Inspect("mmlu-summary-choices.eval"), "samples/1_epoch_1.json", sample.ToJsonString());

        var ex = Assert.Throws<LogFormatException>(() => InspectLogReader.Read(bytes, "bad.eval"));
        Assert.Equal(("bad.eval", "samples/1_epoch_1.json"), (ex.File, ex.Entry));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.eval: samples/1_epoch_1.json: field 'epoch'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_in_an_entry_gives_its_name_and_line()
    {
        var bytes = WithEntry(Inspect("mmlu-summary-choices.eval"), "samples/1_epoch_1.json", "{\n \"id\": 1,\n \"epoch\": ");

        var ex = Assert.Throws<LogFormatException>(() => InspectLogReader.Read(bytes, "bad.eval"));
        Assert.Equal("samples/1_epoch_1.json", ex.Entry);
        Assert.Contains("invalid JSON at line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_archive_and_a_json_sample_without_target_are_clear_errors()
    {
        var whole = await File.ReadAllBytesAsync(Inspect("log_streaming.eval"), Ct);
        var truncated = Assert.Throws<LogFormatException>(() => InspectLogReader.Read(whole[..(whole.Length / 2)], "cut.eval"));
        Assert.StartsWith("cut.eval: ", truncated.Message, StringComparison.Ordinal);

        var json = JsonNode.Parse(await File.ReadAllBytesAsync(Inspect("2025-05-12T20-28-13-04-00_popularity.json"), Ct))!;
        json["samples"]![1]!.AsObject().Remove("target");
        var ex = Assert.Throws<LogFormatException>(() => InspectLogReader.Read(JsonSerializer.SerializeToUtf8Bytes(json), "log.json"));
        Assert.Equal("log.json: samples[1]: required field 'target' is missing", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_inspect_log_says_so()
    {
        var ex = Assert.Throws<LogFormatException>(() => InspectLogReader.Read("{\"results\": {}}"u8.ToArray(), "other.json"));
        Assert.Equal("other.json: no 'eval' object: not an inspect log header", ex.Message);
    }

    [Theory]
    [InlineData("\"C\"", 1.0)]
    [InlineData("\"P\"", 0.5)]
    [InlineData("\"I\"", 0.0)]
    [InlineData("\"N\"", 0.0)]
    [InlineData("\"yes\"", 1.0)]
    [InlineData("\"False\"", 0.0)]
    [InlineData("\"0.25\"", 0.25)]
    [InlineData("true", 1.0)]
    [InlineData("0.7", 0.7)]
    [InlineData("{\"a\": 1}", null)]
    [InlineData("\"maybe\"", null)]
    public void Score_values_map_as_inspect_maps_them(string json, double? expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, InspectSampleParser.ValueToFloat(doc.RootElement));
    }
}
