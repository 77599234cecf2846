using System.Data.Common;
using Arbiter.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Hosting;

/// <summary>
/// Turns an unhandled failure into a clear answer instead of an empty 500 and a stack trace on stdout:
/// a database that is away (restart, lock, full disk) is a 503 with <c>Retry-After</c>, anything else a
/// 500 problem. Details go to the log only. Runs inside the security headers, so both still carry them.
/// </summary>
internal static class Failures
{
    public static IApplicationBuilder UseFailureAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Arbiter.Web");
            var storeDown = IsStoreFailure(ex);
            var path = LoggedPath(context.Request.Path);
            if (storeDown) Log.StoreUnavailable(log, ex, path);
            else Log.RequestFailed(log, ex, path);
            context.Response.Clear();
            Security.ApplyHeaders(context.Response);
            context.Response.StatusCode = storeDown ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            if (storeDown) context.Response.Headers.RetryAfter = "5";
            await TypedResults.Problem(
                statusCode: context.Response.StatusCode,
                title: storeDown ? "The database is not reachable right now; nothing was lost. Try again in a few seconds." : "The request failed; the details are in the server log.")
                .ExecuteAsync(context);
        }
    });

    /// <summary>The path as logged: a personal link's token (voter sign-in, labeller invite) is a secret, so it is cut off.</summary>
    internal static string LoggedPath(PathString path)
    {
        var value = path.Value ?? "";
        foreach (var secretPrefix in (string[])["/arena/signin/", "/labels/i/"])
        {
            if (value.StartsWith(secretPrefix, StringComparison.OrdinalIgnoreCase)) return secretPrefix + "…";
        }

        return value;
    }

    /// <summary>A database driver failure (SQLite, PostgreSQL) or a store error wrapping one.</summary>
    internal static bool IsStoreFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbException or StoreException) return true;
        }

        return false;
    }
}
