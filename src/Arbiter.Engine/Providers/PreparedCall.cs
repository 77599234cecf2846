using Arbiter.Core.Audit;
using Arbiter.Core.Models;
using Arbiter.Core.Runs;
using Arbiter.Engine.Sovereignty;
using CoreTurn = Arbiter.Core.Suites.ChatTurn;

namespace Arbiter.Engine.Providers;

/// <summary>
/// A call that <see cref="ModelCaller.PrepareAsync"/> has cleared with the residency policy and whose intent
/// is already durable in the audit log (or that the policy blocked: then it carries its outcome and sends
/// nothing). It is sent once with <see cref="ModelCaller.SendPreparedAsync"/>, or closed unsent with
/// <see cref="ModelCaller.WithdrawAsync"/> so the log does not show a call that might have left.
/// </summary>
public sealed class PreparedCall
{
    private int _used;

    internal PreparedCall(IReadOnlyList<CoreTurn> messages, GenerationParameters parameters, CallContext context, string callId, string payloadSha256, long payloadBytes,
        AuditedCall? blocked)
    {
        Messages = messages;
        Parameters = parameters;
        Context = context;
        CallId = callId;
        PayloadSha256 = payloadSha256;
        PayloadBytes = payloadBytes;
        Blocked = blocked;
    }

    /// <summary>The conversation to send.</summary>
    public IReadOnlyList<CoreTurn> Messages { get; }

    /// <summary>The generation parameters to send.</summary>
    public GenerationParameters Parameters { get; }

    /// <summary>Who the call is for (suite, item, run, purpose).</summary>
    public CallContext Context { get; }

    /// <summary>The id its intent and outcome entries share.</summary>
    public string CallId { get; }

    internal string PayloadSha256 { get; }

    internal long PayloadBytes { get; }

    /// <summary>The policy's refusal (response and entry) when the call may not leave; null when its intent is recorded.</summary>
    internal AuditedCall? Blocked { get; }

    /// <summary>Claims the call for one send or one withdrawal: a second would log or send it twice.</summary>
    internal void Claim()
    {
        if (Interlocked.Exchange(ref _used, 1) != 0) throw new InvalidOperationException($"Call {CallId} was already sent or withdrawn.");
    }
}
