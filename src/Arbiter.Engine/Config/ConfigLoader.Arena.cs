using Arbiter.Engine.Arena.Moderation;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>The <c>arena:</c> section.</summary>
public static partial class ConfigLoader
{
    /// <summary>
    /// <c>arena: { notice: "…", moderation: { blocklist: [...], patterns: [...], model: id, onModelFailure: block|allow, matchTimeoutMs: 100 } }</c>.
    /// Every pattern is compiled here, so a bad one is reported at its line (<c>arena.moderation.patterns[1]</c>) when the
    /// server starts, not when the first voter types a prompt.
    /// </summary>
    private static (ModerationRules Rules, string? Notice) ParseArena(YamlNodes y, YamlMappingNode? map, IReadOnlyList<Core.Models.ModelSpec> models)
    {
        if (map is null) return (ModerationRules.None, null);
        y.CheckKeys(map, "moderation", "notice");
        var notice = y.OptionalString(map, "notice");
        if (notice is not null && string.IsNullOrWhiteSpace(notice)) throw y.Error(y.Get(map, "notice")!, "'arena.notice' must not be empty (leave it out for none)");
        var m = y.OptionalMap(map, "moderation");
        if (m is null) return (ModerationRules.None, notice);
        y.CheckKeys(m, "blocklist", "patterns", "model", "onModelFailure", "matchTimeoutMs");
        var timeout = TimeSpan.FromMilliseconds(y.OptionalInt(m, "matchTimeoutMs", 1, 10_000) ?? 100);
        var terms = Items(y, y.OptionalList(m, "blocklist"), "arena.moderation.blocklist", (_, _) => { });
        var patterns = Items(y, y.OptionalList(m, "patterns"), "arena.moderation.patterns", (text, i) => PromptModerator.Compile(text, i, timeout));
        var model = y.OptionalString(m, "model");
        if (model is not null && !models.Any(x => x.Id == model))
        {
            throw y.Error(y.Get(m, "model")!, $"'arena.moderation.model' '{model}' is not a model of this file; expected one of: {string.Join(", ", models.Select(x => x.Id))}");
        }

        var failure = y.OptionalString(m, "onModelFailure") ?? "block";
        if (failure is not ("block" or "allow"))
        {
            throw y.Error(y.Get(m, "onModelFailure")!, $"'arena.moderation.onModelFailure' must be block or allow, got '{failure}'");
        }

        return (new ModerationRules(terms, patterns) { Model = model, BlockOnModelFailure = failure == "block", MatchTimeout = timeout }, notice);
    }

    private static List<string> Items(YamlNodes y, YamlSequenceNode? list, string field, Action<string, int> check)
    {
        var items = new List<string>();
        if (list is null) return items;
        var i = 0;
        foreach (var node in list)
        {
            var text = y.Scalar(node);
            if (string.IsNullOrWhiteSpace(text)) throw y.Error(node, $"'{field}[{i}]' is empty");
            try
            {
                check(text, i);
            }
            catch (ArgumentException ex)
            {
                throw y.Error(node, $"'{field}[{i}]' is not a valid .NET regular expression: {ex.InnerException?.Message ?? ex.Message}");
            }

            items.Add(text);
            i++;
        }

        return items;
    }
}
