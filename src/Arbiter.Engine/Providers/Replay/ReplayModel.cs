using System.Text;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.RecordedLogs;

namespace Arbiter.Engine.Providers.Replay;

/// <summary>A replayed answer: the response as a call would have returned it, and the recorded sample it came from.</summary>
/// <param name="Response">The recorded answer, or a failed call when the item is not in the log.</param>
/// <param name="Recorded">The recorded sample (null: not found).</param>
/// <param name="MatchedBy"><c>id</c>, <c>input</c>, or why nothing matched.</param>
public sealed record ReplayAnswer(ModelResponse Response, RecordedSample? Recorded, string MatchedBy);

/// <summary>
/// A "model" that answers from a recorded log instead of an endpoint: an item is found by its id (and epoch),
/// else by its question text — equal after whitespace is collapsed, else the one recorded prompt that contains it
/// (lm-eval records the whole few-shot prompt). An item the log does not have is a failed call, as an unreachable
/// endpoint would be, never an exception.
/// </summary>
public sealed class ReplayModel
{
    private readonly Dictionary<(string Id, int Epoch), RecordedSample> _byId = [];
    private readonly Dictionary<string, List<RecordedSample>> _byText = new(StringComparer.Ordinal);
    private readonly List<(string Text, RecordedSample Sample)> _prompts = [];

    /// <summary>Indexes the log's samples.</summary>
    public ReplayModel(RecordedLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        Log = log;
        foreach (var s in log.Samples)
        {
            _byId.TryAdd((s.Id, s.Epoch), s);
            var text = Collapse(s.Question);
            if (!_byText.TryGetValue(text, out var list)) _byText[text] = list = [];
            list.Add(s);
            _prompts.Add((text, s));
        }
    }

    /// <summary>The log answered from.</summary>
    public RecordedLog Log { get; }

    /// <summary>The model id replay runs are stored under: <c>replay:</c> and the recorded model.</summary>
    public string ModelId => "replay:" + Log.Model;

    /// <summary>The recorded answer to <paramref name="item"/> at <paramref name="epoch"/> (zero-based).</summary>
    public ReplayAnswer Answer(SuiteItem item, int epoch)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_byId.TryGetValue((item.Id, epoch), out var byId)) return From(byId, "id");
        var question = Collapse(item.Question);
        var candidates = _byText.TryGetValue(question, out var equal) ? equal
            : question.Length == 0 ? []
            : _prompts.Where(p => p.Text.Contains(question, StringComparison.Ordinal)).Select(p => p.Sample).ToList();
        var atEpoch = candidates.Where(c => c.Epoch == epoch).ToList();
        if (atEpoch.Count == 1) return From(atEpoch[0], "input");
        var why = atEpoch.Count > 1
            ? $"item '{item.Id}' matches {atEpoch.Count} recorded samples by its text ({string.Join(", ", atEpoch.Take(3).Select(c => c.Id))}…); give the items the log's ids"
            : $"item '{item.Id}' (epoch {epoch + 1}) is not in the recorded log {Path.GetFileName(Log.File)}";
        return new ReplayAnswer(Failed(why), null, why);
    }

    private static ReplayAnswer From(RecordedSample s, string matchedBy)
    {
        if (s.Error is not null || s.Answer is null) return new ReplayAnswer(Failed($"the recorded call failed: {s.Error ?? "no answer recorded"}") with { LatencyMs = s.LatencyMs }, s, matchedBy);
        var status = s.FinishReason == "content_filter" ? SampleStatus.ContentFilter : SampleStatus.Ok;
        return new ReplayAnswer(new ModelResponse(s.Answer, s.Thinking, s.FinishReason, s.Usage, s.LatencyMs, null, 0, status,
            status == SampleStatus.Ok ? ErrorKind.None : ErrorKind.ContentFilter, null), s, matchedBy);
    }

    private static ModelResponse Failed(string why) => new(null, null, null, default, 0, null, 0, SampleStatus.Error, ErrorKind.Permanent, why);

    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var part in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(part);
        }

        return sb.ToString();
    }
}
