using System.Threading.Channels;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Core.Suites;
using Arbiter.Engine.Providers;
using Arbiter.Engine.Sovereignty;
using Arbiter.Web.Hosting;
using Arbiter.Web.Rendering;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Arena;

/// <summary>Runs one side of a battle turn through <see cref="ModelCaller"/> and reports it as stream events.</summary>
internal sealed class ModelTurnRunner(MarkdownRenderer markdown, ILogger<ModelTurnRunner> log, Arbiter.Core.Storage.IAuditLogStore store, WebSetup setup)
{
    // Arena prompts are typed by visitors for public comparison: public data, audited as "arena".
    private static readonly CallContext ArenaTurn = new(null, null, Confidentiality.Public, CallPurpose.Arena);
    private readonly IAuditSink _audit = new DirectAuditSink(store);

    private static readonly RetryOptions Retry = new(MaxRetries: 2, BaseDelay: TimeSpan.FromMilliseconds(300), MaxDelay: TimeSpan.FromSeconds(5));

    /// <summary>The answer text, or null when the model failed (the failure is shown on its side).</summary>
    public async Task<string?> RunAsync(ArenaModel model, IReadOnlyList<ChatTurn> conversation, string side, ChannelWriter<ArenaEvent> events, CancellationToken cancellationToken)
    {
        var tee = new TeeChatClient(model.Client,
            text => events.TryWrite(new ArenaEvent("delta", new { side, text })),
            () => events.TryWrite(new ArenaEvent("reset", new { side })));
        var caller = ModelCallers.Create(tee, model.Spec, setup.Policy, _audit, Retry, model.Limiter);
        var parameters = model.Spec.Parameters with { Seed = null, Temperature = model.Spec.Parameters.Temperature ?? 0.7 };
        var response = await caller.CallAsync(conversation, parameters, stream: true, ArenaTurn, cancellationToken).ConfigureAwait(false);
        if (response.Status == SampleStatus.Ok && !string.IsNullOrWhiteSpace(response.Text))
        {
            events.TryWrite(new ArenaEvent("done", new { side, html = markdown.Render(response.Text) }));
            return response.Text;
        }

        // The endpoint's error text (with the key redacted by the caller) stays in the server log: it can name hosts
        // and models, which would unblind the battle.
        Log.SideFailed(log, model.Id, response.Error ?? response.Status.ToString());
        events.TryWrite(new ArenaEvent("done", new { side, html = "", error = true }));
        return null;
    }

}
