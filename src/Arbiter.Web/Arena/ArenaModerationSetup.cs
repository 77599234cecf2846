using Arbiter.Core.Storage;
using Arbiter.Engine.Arena.Moderation;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;
using Arbiter.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Arbiter.Web.Arena;

/// <summary>Builds the engine's moderator for the host: the moderation model goes through the same caller factory, residency policy and audit log as battle calls.</summary>
internal static class ArenaModerationSetup
{
    private static readonly RetryOptions Retry = new(MaxRetries: 1, BaseDelay: TimeSpan.FromMilliseconds(300), MaxDelay: TimeSpan.FromSeconds(2));

    public static PromptModerator Moderator(WebSetup setup, IChatClientFactory clients, IServiceProvider services)
    {
        var rules = setup.Moderation;
        if (rules.Model is not { } id) return new PromptModerator(rules);
        // The config loader checks this at the id's line; a host built in code gets the same rule here, at start.
        var spec = setup.Models.FirstOrDefault(m => m.Id == id)
            ?? throw new ArgumentException($"arena.moderation.model '{id}' is not one of the served models ({string.Join(", ", setup.Models.Select(m => m.Id))}).");
        var caller = ModelCallers.Create(clients.Create(spec), spec, setup.Policy, new DirectAuditSink(services.GetRequiredService<IAuditLogStore>()), Retry);
        return new PromptModerator(rules, new ModelModeration(caller, id, rules.BlockOnModelFailure));
    }
}
