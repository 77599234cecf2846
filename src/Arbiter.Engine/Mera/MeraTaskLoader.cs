using System.Globalization;
using System.Text;
using System.Text.Json;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Mera;

/// <summary>
/// Loads a MERA task file (github.com/ai-forever/MERA, docs/dataset_cards): <c>{"data": {"train": […], "test": […]}}</c>
/// or a bare list, each item <c>{"instruction", "inputs", "outputs", "meta": {"id", …}}</c>. The prompt is the
/// <c>instruction</c> formatted as Python's <c>str.format</c> over <c>inputs</c> (a dict's keys, or <c>{inputs}</c> for a
/// string), as MERA's own harness does (lm-evaluation-harness/lm_eval/tasks/*.py). The public test split has empty
/// <c>outputs</c>: such a suite is <see cref="Suite.SubmitOnly"/>, its answers go to <see cref="MeraSubmission"/>, never to a score.
/// </summary>
public static class MeraTaskLoader
{
    /// <summary>The id prefix of MERA suites; the rest is the task's name as MERA spells it (<c>mera-PARus</c>).</summary>
    public const string SuitePrefix = "mera-";

    /// <summary>True when the JSON file looks like a MERA task (a <c>data</c> object of splits, or items with <c>instruction</c> and <c>meta</c>).</summary>
    public static bool IsMeraFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object) return true;
            return root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.Object
                && root[0].TryGetProperty("instruction", out _) && root[0].TryGetProperty("meta", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Loads one split of the task at <paramref name="path"/> as a suite.</summary>
    /// <param name="path">The task file; its name (or its folder's, for <c>task.json</c>) is the task's name.</param>
    /// <param name="split">The split (<c>test</c> unless asked).</param>
    /// <exception cref="ConfigException">The file or an item is malformed; names the item.</exception>
    public static Suite Load(string path, string split = "test")
    {
        ArgumentNullException.ThrowIfNull(path);
        var task = TaskName(path);
        using var doc = Parse(path);
        var root = doc.RootElement;
        JsonElement list;
        if (root.ValueKind == JsonValueKind.Array) list = root;
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            if (!data.TryGetProperty(split, out list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new ConfigException(path, 1, 1, $"MERA task has no '{split}' split (it has: {string.Join(", ", data.EnumerateObject().Select(p => p.Name))})");
            }
        }
        else throw new ConfigException(path, 1, 1, "not a MERA task: expected {\"data\": {\"test\": [...]}} or a list of items");

        var items = new List<SuiteItem>();
        var i = 0;
        foreach (var element in list.EnumerateArray()) items.Add(Item(path, $"data.{split}[{i++}]", task, element));
        if (items.Count == 0) throw new ConfigException(path, 1, 1, $"MERA task '{task}' has no items in split '{split}'");
        var targets = items.Where(x => x.Target is not null).Select(x => x.Target!).ToList();
        return new Suite(SuitePrefix + task, "1", "general", "ru", Confidentiality.Public, ScorerFor(targets), items)
        {
            Title = $"MERA {task} ({split})",
            SubmitOnly = targets.Count == 0,
            Source = path,
        };
    }

    /// <summary>The task name a file stands for: its name, or its folder's for MERA's <c>TASK/task.json</c> layout.</summary>
    public static string TaskName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileNameWithoutExtension(path);
        return name.Equals("task", StringComparison.OrdinalIgnoreCase) ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))! : name;
    }

    private static SuiteItem Item(string path, string where, string task, JsonElement e)
    {
        ConfigException Fail(string reason) => new(path, 1, 1, $"{where}: {reason}");
        if (e.ValueKind != JsonValueKind.Object) throw Fail("an item must be a JSON object");
        var instruction = e.TryGetProperty("instruction", out var ins) && ins.ValueKind == JsonValueKind.String ? ins.GetString()! : throw Fail("'instruction' (a format string) is missing");
        var inputs = e.TryGetProperty("inputs", out var inp) ? inp : throw Fail("'inputs' is missing");
        if (!e.TryGetProperty("meta", out var meta) || meta.ValueKind != JsonValueKind.Object || !meta.TryGetProperty("id", out var id)
            || id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            throw Fail("'meta.id' is missing");
        }

        var prompt = Format(instruction, inputs, Fail).Trim();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["mera.task"] = task };
        foreach (var p in meta.EnumerateObject().Where(p => p.Name != "id" && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number))
        {
            metadata[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }

        // Empty outputs: the hidden test answers. Dict outputs (ruEthics) have no single answer to score against.
        string? target = e.TryGetProperty("outputs", out var o) ? o.ValueKind switch
        {
            JsonValueKind.String when o.GetString()!.Trim().Length > 0 => o.GetString()!.Trim(),
            JsonValueKind.Number => o.GetRawText(),
            _ => null,
        } : null;
        return new SuiteItem(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), [new ChatTurn("user", prompt)], null, target, null, metadata);
    }

    /// <summary>Python <c>str.format</c> with named fields only: <c>{name}</c> is replaced, <c>{{</c>/<c>}}</c> are literal braces.</summary>
    internal static string Format(string instruction, JsonElement inputs, Func<string, Exception> fail)
    {
        var sb = new StringBuilder(instruction.Length * 2);
        for (var i = 0; i < instruction.Length; i++)
        {
            var c = instruction[i];
            if ((c == '{' || c == '}') && i + 1 < instruction.Length && instruction[i + 1] == c)
            {
                sb.Append(c);
                i++;
                continue;
            }

            if (c == '}') throw fail("'instruction' has a single '}' (Python's format needs '}}' for a literal brace)");
            if (c != '{')
            {
                sb.Append(c);
                continue;
            }

            var end = instruction.IndexOf('}', i + 1);
            if (end < 0) throw fail("'instruction' has an unclosed '{'");
            var field = instruction[(i + 1)..end];
            sb.Append(Field(field, inputs, fail));
            i = end;
        }

        return sb.ToString();
    }

    private static string Field(string field, JsonElement inputs, Func<string, Exception> fail)
    {
        if (inputs.ValueKind == JsonValueKind.Object)
        {
            return inputs.TryGetProperty(field, out var v) ? Text(v) : throw fail($"'instruction' uses {{{field}}} but 'inputs' has no field '{field}'");
        }

        return field == "inputs" ? Text(inputs) : throw fail($"'instruction' uses {{{field}}} but 'inputs' is a single value (only {{inputs}} can name it)");
    }

    private static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.Null => "",
        _ => v.GetRawText(),
    };

    // MERA answers are a digit, a letter, a number or a short phrase: exact after normalising, numbers as numbers, long text by containment.
    private static ScorerSpec ScorerFor(List<string> targets)
    {
        if (targets.Count == 0) return ScorerSpec.Auto;
        // Classification labels ("0"/"1", "1"/"2") are few and compared exactly; arithmetic answers are many numbers.
        if (targets.Distinct(StringComparer.Ordinal).Count() > 4 && targets.All(t => NumberExtractor.Parse(t) is not null)) return new ScorerSpec("numeric");
        return targets.All(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 3) ? new ScorerSpec("normalized") : new ScorerSpec("contains");
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new ConfigException(path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, "invalid JSON");
        }
    }
}
