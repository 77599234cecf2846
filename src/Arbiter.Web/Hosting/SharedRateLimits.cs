using System.Globalization;
using Arbiter.Engine.Arena.Integrity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Arbiter.Web.Hosting;

/// <summary>
/// The arena's per-minute limits (battles, votes) as endpoint filters counting in the shared store
/// (<see cref="RequestWindows"/>): behind a load balancer a client meets one limit over all web nodes. The global
/// per-address request limit stays in each node's memory (a flood guard that must not cost a database round trip).
/// </summary>
internal static class SharedRateLimits
{
    /// <summary>Starting battles, follow-ups and regenerates: <see cref="ArbiterWebOptions.BattlesPerMinute"/>.</summary>
    public static ValueTask<object?> BattlesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        LimitAsync(context, next, "battles", o => o.BattlesPerMinute);

    /// <summary>Votes and shares: <see cref="ArbiterWebOptions.VotesPerMinute"/>.</summary>
    public static ValueTask<object?> VotesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        LimitAsync(context, next, "votes", o => o.VotesPerMinute);

    private static async ValueTask<object?> LimitAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string policy,
        Func<ArbiterWebOptions, int> perMinute)
    {
        var http = context.HttpContext;
        var windows = http.RequestServices.GetRequiredService<RequestWindows>();
        var limit = perMinute(http.RequestServices.GetRequiredService<IOptions<ArbiterWebOptions>>().Value);
        var allowance = await windows.TakeAsync(policy, Security.ClientKey(http), limit, http.RequestAborted).ConfigureAwait(false);
        if (allowance.Allowed) return await next(context).ConfigureAwait(false);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(allowance.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.StatusCode(StatusCodes.Status429TooManyRequests);
    }
}
