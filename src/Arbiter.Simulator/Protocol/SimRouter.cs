using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Simulator;

/// <summary>
/// Dispatches the handful of routes by hand: no routing middleware, no endpoint metadata, nothing
/// allocated that the hot path does not need.
/// </summary>
internal sealed class SimRouter(SimServerOptions options, FrozenDictionary<string, SimModelProfile> models, ChatHandler chat, SimStats stats)
{
    private readonly byte[]? _expectedAuthorization = options.ExpectedApiKey is { } key ? Encoding.UTF8.GetBytes("Bearer " + key) : null;

    public Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        bool isGet = HttpMethods.IsGet(context.Request.Method);
        if (path == "/sim/stats" && isGet)
        {
            HttpWrites.Json(context.Response, StatusCodes.Status200OK, stats.WriteJson);
            return Task.CompletedTask;
        }

        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return NotFoundAsync(context, path);
        }

        if (!Authorized(context.Request))
        {
            if (path == "/v1/chat/completions")
            {
                stats.RecordRequest();
                stats.RecordRejected();
            }

            // Never echo the key back: tests check that secrets do not leak into logs or errors.
            context.Response.Headers.WWWAuthenticate = "Bearer";
            HttpWrites.Error(context.Response, StatusCodes.Status401Unauthorized,
                "Incorrect API key provided (simulated server). Send it as 'Authorization: Bearer <key>'.", "invalid_request_error", "invalid_api_key");
            return Task.CompletedTask;
        }

        if (path == "/v1/chat/completions")
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                HttpWrites.Error(context.Response, StatusCodes.Status405MethodNotAllowed, "Use POST for chat completions.", "invalid_request_error", null);
                return Task.CompletedTask;
            }

            return chat.HandleAsync(context);
        }

        if (path == "/v1/models" && isGet)
        {
            HttpWrites.Json(context.Response, StatusCodes.Status200OK, w => WireWriter.Models(w, models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)));
            return Task.CompletedTask;
        }

        if (path.StartsWith("/v1/models/", StringComparison.Ordinal) && isGet && models.TryGetValue(path["/v1/models/".Length..], out var one))
        {
            HttpWrites.Json(context.Response, StatusCodes.Status200OK, w => WireWriter.Model(w, one));
            return Task.CompletedTask;
        }

        return NotFoundAsync(context, path);
    }

    private static Task NotFoundAsync(HttpContext context, string path)
    {
        HttpWrites.Error(context.Response, StatusCodes.Status404NotFound, $"Unknown route {context.Request.Method} {path} (simulated server).", "invalid_request_error", "not_found");
        return Task.CompletedTask;
    }

    private bool Authorized(HttpRequest request)
    {
        if (!options.RequireApiKey && _expectedAuthorization is null)
        {
            return true;
        }

        string header = request.Headers.Authorization.ToString();
        if (_expectedAuthorization is null)
        {
            return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length;
        }

        // Constant-time so the simulator does not model a timing side channel as acceptable practice.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), _expectedAuthorization);
    }
}
