using System.CommandLine;
using Arbiter.Core.Models;
using Arbiter.Core.Storage;
using Arbiter.Engine.Audit.Classification;
using Arbiter.Engine.Config;
using Arbiter.Engine.Sovereignty;
using Arbiter.Web.Hosting;
using Spectre.Console;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter serve</c>: the web UI (arena, leaderboard, runs) on the configured models and store.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = CliCommon.ConfigOption();
        var db = CliCommon.DbOption();
        var port = PortOption();
        var host = HostOption();
        var proxies = new Option<string[]>("--trusted-proxy")
        {
            Description = "A reverse proxy (IP or CIDR) whose X-Forwarded-For is believed for rate limits (repeatable; default: none, the header is ignored)",
            AllowMultipleArgumentsPerToken = true,
        };
        var keepText = new Option<bool>("--store-conversations")
        {
            Description = "Store arena conversation text with each vote (default: only hashes, as prompts may be confidential)",
        };
        var retention = new Option<double?>("--conversation-retention-days")
        {
            Description = "Purge conversation text (stored conversations, shared battles, blocked-prompt excerpts) older than this many days; votes stay",
        };
        var signIn = new Option<string?>("--voter-sign-in")
        {
            Description = "Arena voter sign-in: none (anonymous cookies only), optional or required (personal links from /admin, or --voter-sign-in-header)",
        };
        signIn.AcceptOnlyFromAmong("none", "optional", "required");
        var signInHeader = new Option<string?>("--voter-sign-in-header")
        {
            Description = "Header with the user an SSO reverse proxy authenticated (e.g. Remote-User, X-Forwarded-User); believed only from --trusted-proxy addresses",
        };
        var command = new Command("serve", "Serve the web UI: blind arena, live leaderboard and run browser (Ctrl+C stops).")
        {
            config, db, port, host, proxies, keepText, retention, signIn, signInHeader,
        };
        command.SetAction((parse, ct) => CliCommon.GuardAsync(async () =>
        {
            var days = parse.GetValue(retention);
            if (days is <= 0 or > 36_500) throw new InputException("--conversation-retention-days", "must be more than 0 and at most 36500.");
            // Without a config the UI still browses the runs in the store; the arena needs at least two models.
            var path = parse.GetValue(config)!;
            var cfg = File.Exists(path) || parse.GetResult(config) is { Implicit: false }
                ? ConfigLoader.LoadFile(path)
                : new ArbiterConfig([], [], new RunDefaults(), null);
            await using var store = await CliCommon.OpenStoreAsync(parse.GetValue(db), cfg.Run, ct);
            return await ServeAsync(store, cfg.Models, parse.GetValue(port), parse.GetValue(host) ?? "127.0.0.1", simulated: false, ct, cfg.Policy, cfg.Audit, parse.GetValue(proxies),
                cfg, o =>
                {
                    o.StoreConversations |= parse.GetValue(keepText);
                    if (days is { } d) o.ConversationRetention = TimeSpan.FromDays(d);
                    // Only when given: ARBITER_WEB__VOTERSIGNIN / …VOTERSIGNINHEADER configure the same settings.
                    if (parse.GetValue(signIn) is { } mode) o.VoterSignIn = Enum.Parse<VoterSignInMode>(mode, ignoreCase: true);
                    if (parse.GetValue(signInHeader) is { Length: > 0 } header) o.VoterSignInHeader = header;
                });
        }, ct));
        return command;
    }

    public static Option<int> PortOption() => new("--port", "-p") { Description = "Port to listen on (0: any free port)", DefaultValueFactory = _ => 5080 };

    public static Option<string> HostOption() => new("--host") { Description = "Address to listen on (default loopback)", DefaultValueFactory = _ => "127.0.0.1" };

    /// <summary>Hosts the UI until Ctrl+C; prints the URL first.</summary>
    public static async Task<int> ServeAsync(IArbiterStore store, IReadOnlyList<ModelSpec> models, int port, string host, bool simulated, CancellationToken ct,
        ResidencyPolicy? policy = null, AuditDefaults? audit = null, IReadOnlyList<string>? trustedProxies = null, ArbiterConfig? config = null,
        Action<ArbiterWebOptions>? configure = null)
    {
        var setup = new WebSetup(store, models)
        {
            Policy = policy, AuditJudge = audit?.Judge, AuditJudgeBelow = audit?.JudgeBelow ?? AuditLabel.ConfidentAbove,
            Moderation = config?.Moderation ?? Engine.Arena.Moderation.ModerationRules.None, Notice = config?.ArenaNotice,
        };
        ArbiterWebServer web;
        try
        {
            web = await ArbiterWebServer.StartAsync(setup, o =>
            {
                o.Port = port;
                o.Host = host;
                o.Simulated = simulated;
                foreach (var p in trustedProxies ?? []) o.TrustedProxies.Add(p);
                configure?.Invoke(o);
            }, ct);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            // A bad setting (flag or ARBITER_WEB__… variable) is a usage error: each problem on its own line, no stack trace.
            foreach (var failure in ex.Failures) await Console.Error.WriteLineAsync($"error: {failure}");
            return ExitCodes.Usage;
        }

        await using var _ = web;
        var console = AnsiConsole.Console;
        console.MarkupLine($"Web UI: [bold link]{Markup.Escape(web.Url.ToString())}[/]  (arena, leaderboard, runs, frontier, countries, audit, labels) — press Ctrl+C to stop.");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ARBITER_ADMIN_KEY")))
        {
            console.MarkupLine("[grey]Admin endpoints are disabled: set ARBITER_ADMIN_KEY to enable them.[/]");
        }

        await web.WaitForShutdownAsync(ct);
        return ExitCodes.Ok;
    }
}
