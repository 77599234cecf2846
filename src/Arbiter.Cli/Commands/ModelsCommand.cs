using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Arbiter.Engine.Config;
using Arbiter.Core.Storage;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter models list|ping</c>.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List configured models or check that they answer.");
        var config = CliCommon.ConfigOption();
        var listFormat = CliCommon.FormatOption("table", "json");
        var list = new Command("list", "List the models in the config.") { config, listFormat };
        list.SetAction((parse, ct) => CliCommon.GuardAsync(() =>
        {
            var cfg = ConfigLoader.LoadFile(parse.GetValue(config)!);
            if (parse.GetValue(listFormat) == "json")
            {
                // The key variable's name and whether it is set; never its value.
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(cfg.Models.Select(m => new
                {
                    m.Id, m.Provider, m.Model, m.BaseUrl, m.Jurisdiction, m.Origin,
                    pricing = m.Pricing is { } p ? new { input = p.InputPerMillion, output = p.OutputPerMillion, p.Currency } : null,
                    keyVariable = m.ApiKeyEnv, keySet = m.ApiKeyEnv is not null && Environment.GetEnvironmentVariable(m.ApiKeyEnv) is { Length: > 0 },
                }), JsonOut.Indented));
                return Task.FromResult(ExitCodes.Ok);
            }

            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "id", "provider", "model", "base URL", "jurisdiction", "origin", "price in/out per 1M", "key variable" }) table.AddColumn(c);
            foreach (var m in cfg.Models)
            {
                table.AddRow(Markup.Escape(m.Id), m.Provider, Markup.Escape(m.Model), Markup.Escape(m.BaseUrl), m.Jurisdiction, Markup.Escape(m.Origin ?? ""),
                    m.Pricing is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.InputPerMillion}/{p.OutputPerMillion} {p.Currency}") : "[grey]unknown[/]",
                    m.ApiKeyEnv is null ? "[grey]none[/]" : Markup.Escape(m.ApiKeyEnv) + (Environment.GetEnvironmentVariable(m.ApiKeyEnv) is { Length: > 0 } ? " [green](set)[/]" : " [red](not set)[/]"));
            }

            AnsiConsole.Console.Write(table);
            return Task.FromResult(ExitCodes.Ok);
        }, ct));

        var pingConfig = CliCommon.ConfigOption();
        var only = new Option<string[]>("--model", "-m") { Description = "Model ids (default: all)", AllowMultipleArgumentsPerToken = true };
        var ping = new Command("ping", "Send one short request to each model and report latency.") { pingConfig, only };
        ping.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var cfg = CliCommon.Warn(ConfigLoader.LoadFile(parse.GetValue(pingConfig)!));
            var models = RunCommand.SelectModels(cfg, parse.GetValue(only), callableOnly: true);
            using var factory = new ChatClientFactory();
            // Pings are outbound calls too: they pass the policy gate and are audited.
            await using var store = await CliCommon.OpenStoreAsync(null, cfg.Run, ct);
            var audit = new AuditLogWriter(store);
            await using var flushAudit = audit;
            var pingContext = new CallContext(null, null, Confidentiality.Public, CallPurpose.Ping);
            var failures = 0;
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "model", "status", "latency", "answer" }) table.AddColumn(c);
            foreach (var m in models)
            {
                var client = factory.Create(m);
                var caller = ModelCallers.Create(client, m, cfg.Policy, audit, new RetryOptions(1), new AdaptiveConcurrencyLimiter(1, 1));
                var clock = Stopwatch.StartNew();
                var r = await caller.CallAsync([new("user", "Reply with the single word: pong")], m.Parameters with { MaxTokens = 16 }, stream: false, pingContext, ct);
                var ok = r.Status == Core.Runs.SampleStatus.Ok;
                if (!ok) failures++;
                table.AddRow(Markup.Escape(m.Id), ok ? "[green]ok[/]" : "[red]" + Markup.Escape(r.Error ?? r.Status.ToString()) + "[/]",
                    string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds:0} ms"), Markup.Escape((r.Text ?? "").ReplaceLineEndings(" ")[..Math.Min(60, (r.Text ?? "").Length)]));
            }

            AnsiConsole.Console.Write(table);
            return failures == 0 ? ExitCodes.Ok : ExitCodes.BelowThreshold;
        }, ct));
        command.Subcommands.Add(list);
        command.Subcommands.Add(ping);
        return command;
    }
}
