using System.Globalization;
using System.Text.RegularExpressions;
using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Suites.LmEval;

/// <summary>
/// Turns a generative task's <c>generation_kwargs.until</c>, first <c>filter_list</c> pipeline and
/// <c>metric_list</c> exact_match settings into the options of the <c>exact_match</c> scorer
/// (<see cref="Scoring.LmEvalExactMatchScorer"/>). What it cannot carry over becomes a problem.
/// </summary>
internal static class LmEvalScoring
{
    private static readonly string[] StepFunctions = ["regex", "take_first", "lowercase", "uppercase", "remove_whitespace"];

    public static ScorerSpec Generative(LmEvalYaml cfg, string task, List<SuiteProblem> problems, bool loglikelihood)
    {
        var options = new List<KeyValuePair<string, string>>();
        void Add(string k, string v) => options.Add(new(k, v));
        if (cfg.Get("generation_kwargs") is { Node: YamlMappingNode gen } g)
        {
            if (g.File.Get(gen, "until") is { } until)
            {
                foreach (var stop in until is YamlSequenceNode s ? s.Children : [until]) Add("until", g.File.Scalar(stop));
            }

            var others = gen.Children.Keys.Select(k => g.File.Scalar(k)).Where(k => k is not ("until" or "do_sample" or "temperature")).ToList();
            if (others.Count > 0)
            {
                problems.Add(At(g.File, gen, ProblemSeverity.Warning, $"{task}: generation_kwargs {string.Join(", ", others)} are not sent; the model's parameters in arbiter.yaml apply"));
            }
        }

        if (options.Count > Runner.RunKeys.MaxStops)
        {
            problems.Add(At(cfg.Get("generation_kwargs")!, ProblemSeverity.Warning,
                $"{task}: generation_kwargs.until has {options.Count} stop strings; the first {Runner.RunKeys.MaxStops} are sent as the request's stop (the OpenAI API's limit), and the answer is cut at the first of all of them"));
        }

        Filters(cfg, task, problems, Add);
        Metrics(cfg, task, problems, Add, loglikelihood);
        // lm-eval compares a log-likelihood continuation (" 34") to the greedy tokens, so spaces around it do not count.
        if (loglikelihood) Add("regex_to_ignore", @"^\s+|\s+$");
        return new ScorerSpec("exact_match") { Options = options };
    }

    /// <summary>The task's <c>generation_kwargs.until</c> (sent as the request's <c>stop</c>), or null.</summary>
    public static IReadOnlyList<string>? Until(LmEvalYaml cfg)
    {
        if (cfg.Get("generation_kwargs") is not { Node: YamlMappingNode gen } g || g.File.Get(gen, "until") is not { } until) return null;
        var stops = (until is YamlSequenceNode s ? s.Children : [until]).Select(g.File.Scalar).Where(x => x.Length > 0).ToList();
        return stops.Count == 0 ? null : stops;
    }

    private static void Filters(LmEvalYaml cfg, string task, List<SuiteProblem> problems, Action<string, string> add)
    {
        if (cfg.Get("filter_list") is not { } entry) return;
        var y = entry.File;
        if (entry.Node is not YamlSequenceNode { Children.Count: > 0 } pipelines) throw y.Error(entry.Node, "filter_list must be a list of {name, filter}");
        var first = pipelines.Children[0] as YamlMappingNode ?? throw y.Error(pipelines.Children[0], "a filter_list entry must be a mapping with 'name' and 'filter'");
        var name = y.OptionalString(first, "name") ?? "1";
        if (pipelines.Children.Count > 1)
        {
            var names = pipelines.Children.OfType<YamlMappingNode>().Select(p => y.OptionalString(p, "name") ?? "?");
            problems.Add(At(y, pipelines, ProblemSeverity.Warning, $"{task}: filter_list has {pipelines.Children.Count} pipelines ({string.Join(", ", names)}); Arbiter scores with the first, '{name}'"));
        }

        foreach (var stepNode in y.OptionalList(first, "filter")?.Children ?? [])
        {
            var step = stepNode as YamlMappingNode ?? throw y.Error(stepNode, "a filter step must be a mapping with 'function'");
            var fnNode = y.Get(step, "function") ?? throw y.Error(step, "a filter step needs 'function'");
            var fn = y.Scalar(fnNode);
            if (LmEvalYaml.IsFunction(fnNode) || !StepFunctions.Contains(fn))
            {
                problems.Add(At(y, fnNode, ProblemSeverity.Unsupported, $"{task}: filter function '{fn}' is not supported; the step is skipped"));
                continue;
            }

            add("filter", fn);
            if (fn != "regex") continue;
            var pattern = y.OptionalString(step, "regex_pattern") ?? @"#### (\-?[0-9\.\,]+)"; // lm-eval's RegexFilter default
            Check(y, y.Get(step, "regex_pattern") ?? step, pattern);
            add("regex_pattern", pattern);
            if (y.OptionalInt(step, "group_select") is { } gs) add("group_select", gs.ToString(CultureInfo.InvariantCulture));
            if (y.Get(step, "fallback") is { } fb) add("fallback", y.Scalar(fb));
        }
    }

    private static void Metrics(LmEvalYaml cfg, string task, List<SuiteProblem> problems, Action<string, string> add, bool loglikelihood)
    {
        var found = false;
        if (cfg.Get("metric_list") is { Node: YamlSequenceNode list } entry)
        {
            var y = entry.File;
            foreach (var node in list.Children.OfType<YamlMappingNode>())
            {
                var metricNode = y.Get(node, "metric") ?? node;
                var metric = y.Scalar(metricNode);
                if (metric != "exact_match" || LmEvalYaml.IsFunction(metricNode))
                {
                    if (!(loglikelihood && metric == "acc"))
                    {
                        problems.Add(At(y, metricNode, ProblemSeverity.Unsupported, $"{task}: metric '{metric}' is not computed; items are scored by exact_match"));
                    }

                    continue;
                }

                found = true;
                if (y.OptionalBool(node, "ignore_case") == true) add("ignore_case", "true");
                if (y.OptionalBool(node, "ignore_punctuation") == true) add("ignore_punctuation", "true");
                foreach (var r in y.OptionalList(node, "regexes_to_ignore")?.Children ?? [])
                {
                    Check(y, r, y.Scalar(r));
                    add("regex_to_ignore", y.Scalar(r));
                }
            }
        }

        if (!found && !loglikelihood && cfg.Get("metric_list") is null)
        {
            problems.Add(new SuiteProblem(cfg.File, 1, 1, ProblemSeverity.Warning, $"{task}: no metric_list; items are scored by exact_match"));
        }
    }

    private static void Check(YamlNodes y, YamlNode at, string pattern) =>
        Scoring.ScorerFactory.ValidatePattern(pattern, msg => y.Error(at, msg));

    internal static SuiteProblem At(YamlNodes y, YamlNode node, ProblemSeverity severity, string message) =>
        new(y.File, node.Start.Line, node.Start.Column, severity, message);

    internal static SuiteProblem At(LmEvalEntry entry, ProblemSeverity severity, string message) => At(entry.File, entry.Node, severity, message);

    internal static SuiteProblem From(ConfigException ex) => new(ex.File, ex.Line, ex.Column, ProblemSeverity.Error, ex.Reason);

    /// <summary>Python's <c>re</c> and .NET agree on the patterns tasks use; a pattern .NET rejects is reported, not guessed at.</summary>
    internal static bool IsValid(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
