using System.CommandLine;
using System.Globalization;
using Arbiter.Engine.Config;
using Arbiter.Engine.Sovereignty;
using Arbiter.Engine.Suites;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter policy check</c>: what the residency policy would block, before anything is sent.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var config = CliCommon.ConfigOption();
        var suites = new Option<string[]>("--suite", "-s") { Description = "Suite id, builtin:GLOB or path (repeatable; default: the config's suites)", AllowMultipleArgumentsPerToken = true };
        var models = new Option<string[]>("--model", "-m") { Description = "Model id from the config (repeatable; default: all)", AllowMultipleArgumentsPerToken = true };
        var check = new Command("check", "Show, per suite and model, how many items the residency policy lets through and which rule blocks the rest. Nothing is sent.")
        {
            config, suites, models,
        };
        check.SetAction((parse, ct) => CliCommon.GuardAsync(() =>
        {
            var cfg = ConfigLoader.LoadFile(parse.GetValue(config)!);
            var suiteList = SuiteResolver.Resolve(parse.GetValue(suites) is { Length: > 0 } s ? s : cfg.Suites, cfg.Source);
            var modelList = RunCommand.SelectModels(cfg, parse.GetValue(models));
            var policy = cfg.Policy;
            AnsiConsole.Console.MarkupLine(Markup.Escape(Describe(policy)));
            var table = new Table().Border(TableBorder.Rounded).Title("Residency policy check");
            foreach (var c in new[] { "suite", "confidentiality", "model", "jurisdiction", "sent", "blocked", "rule" }) table.AddColumn(c);
            long blockedTotal = 0;
            foreach (var suite in suiteList)
            {
                var levels = suite.Items.Select(i => ResidencyPolicy.EffectiveConfidentiality(suite, i)).ToList();
                var raised = levels.Count(l => l != suite.Confidentiality);
                var level = ResidencyPolicy.Name(suite.Confidentiality) + (raised > 0 ? $" ({Inv(raised)} items raised)" : "");
                foreach (var model in modelList)
                {
                    var decisions = levels.Select(l => policy.Evaluate(l, model.Jurisdiction)).ToList();
                    var blocked = decisions.Where(d => !d.Allowed).ToList();
                    blockedTotal += blocked.Count;
                    var rules = string.Join("; ", blocked.Select(d => d.Rule).Distinct());
                    table.AddRow(Markup.Escape(suite.Id), Markup.Escape(level), Markup.Escape(model.Id), Markup.Escape(model.Jurisdiction),
                        Inv(decisions.Count - blocked.Count), blocked.Count == 0 ? "0" : $"[red]{Inv(blocked.Count)}[/]",
                        blocked.Count == 0 ? "[green]allowed[/]" : Markup.Escape(rules));
                }
            }

            AnsiConsole.Console.Write(table);
            AnsiConsole.Console.MarkupLine(blockedTotal == 0
                ? "Nothing would be blocked."
                : $"[yellow]{Inv(blockedTotal)} item × model pairs would be recorded as blocked_by_policy; nothing of them would be sent.[/]");
            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return new Command("policy", "Inspect the data-residency policy.") { check };
    }

    private static string Describe(ResidencyPolicy policy) =>
        "Policy: home " + (policy.Home ?? "(not set)") + "; " + string.Join("; ",
            new[] { Core.Suites.Confidentiality.Confidential, Core.Suites.Confidentiality.Internal, Core.Suites.Confidentiality.Public }
                .Select(c => $"{ResidencyPolicy.Name(c)} → [{string.Join(", ", policy.Allowed.TryGetValue(c, out var a) ? a : [])}]"));

    private static string Inv(long n) => n.ToString(CultureInfo.InvariantCulture);
}
