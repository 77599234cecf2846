using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>
/// The Yandex Foundation Models completion API on loopback: <c>POST /foundationModels/v1/completion</c>
/// with <c>Api-Key</c> or <c>Bearer</c> auth, a <c>gpt://folder/model/version</c> URI, int64 counts as
/// strings, newline-delimited cumulative JSON when streaming. FORBIDDEN in a prompt yields
/// <c>ALTERNATIVE_STATUS_CONTENT_FILTER</c>; the first <see cref="RateLimitFirst"/> calls get 429;
/// a wrong key gets a 401 whose message quotes the key back. As the vendor does, it refuses a
/// temperature outside 0..1 (yandex-cloud/docs en/_includes/foundation-models/yandexgpt/api-parameters.md)
/// and, for an API key, an <c>x-folder-id</c> other than the key's own folder (a service account's key
/// works in the folder it was created in: en/_includes/foundation-models/ai-before-beginning.md). Model
/// URIs are <c>gpt://folder/…</c> or a fine-tuned <c>ds://…</c>.
/// </summary>
internal sealed class YandexGptTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private YandexGptTestServer(WebApplication app, Uri root, string expectedAuthorization, string folder)
    {
        _app = app;
        BaseUrl = root.ToString().TrimEnd('/');
        ExpectedAuthorization = expectedAuthorization;
        Folder = folder;
    }

    public string BaseUrl { get; }

    public string ExpectedAuthorization { get; }

    public string Folder { get; }

    public int RateLimitFirst { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public string? LastModelUri { get; private set; }

    public string? LastMaxTokens { get; private set; }

    /// <summary>The <c>x-data-logging-enabled</c> header of the last request (null: not sent).</summary>
    public string? LastDataLogging { get; private set; }

    /// <summary>The <c>x-folder-id</c> header of the last request (null: not sent).</summary>
    public string? LastFolderHeader { get; private set; }

    public static async Task<YandexGptTestServer> StartAsync(string expectedAuthorization, string folder = "b1gfolder0test")
    {
        YandexGptTestServer? server = null;
        var (app, root) = await LoopbackServer.StartAsync(a => a.MapPost("/foundationModels/v1/completion", (HttpContext c) => server!.CompleteAsync(c)));
        server = new YandexGptTestServer(app, root, expectedAuthorization, folder);
        return server;
    }

    private async Task CompleteAsync(HttpContext c)
    {
        var n = Interlocked.Increment(ref _requests);
        var auth = c.Request.Headers.Authorization.ToString();
        LastDataLogging = c.Request.Headers.TryGetValue("x-data-logging-enabled", out var logging) ? logging.ToString() : null;
        LastFolderHeader = c.Request.Headers.TryGetValue("x-folder-id", out var folderHeader) ? folderHeader.ToString() : null;
        if (auth != ExpectedAuthorization)
        {
            c.Response.StatusCode = 401;
            await c.Response.WriteAsJsonAsync(new { error = new { grpcCode = 16, httpCode = 401, message = $"Unknown api key '{auth}'", httpStatus = "Unauthorized" } });
            return;
        }

        if (n <= RateLimitFirst)
        {
            c.Response.StatusCode = 429;
            c.Response.Headers.RetryAfter = "0";
            await c.Response.WriteAsJsonAsync(new { error = new { grpcCode = 8, httpCode = 429, message = "ai.textGenerationCompletionSessionsCount.count gauge quota limit exceed", httpStatus = "Too Many Requests" } });
            return;
        }

        if (auth.StartsWith("Api-Key ", StringComparison.Ordinal) && LastFolderHeader is { } other && other != Folder)
        {
            c.Response.StatusCode = 403;
            await c.Response.WriteAsJsonAsync(new { error = new { grpcCode = 7, httpCode = 403, message = $"Permission to [resource-manager.folder {other}] denied", httpStatus = "Forbidden" } });
            return;
        }

        using var doc = await JsonDocument.ParseAsync(c.Request.Body);
        var root = doc.RootElement;
        LastModelUri = root.GetProperty("modelUri").GetString();
        var options = root.GetProperty("completionOptions");
        LastMaxTokens = options.TryGetProperty("maxTokens", out var mt) ? mt.ToString() : null;
        if (LastModelUri is null || !(LastModelUri.StartsWith($"gpt://{Folder}/", StringComparison.Ordinal) || LastModelUri.StartsWith("ds://", StringComparison.Ordinal))
            || LastModelUri.Contains("/ds://", StringComparison.Ordinal))
        {
            await BadRequestAsync(c, "invalid model_uri");
            return;
        }

        if (options.TryGetProperty("temperature", out var t) && t.GetDouble() is < 0 or > 1)
        {
            await BadRequestAsync(c, "Temperature must be in range [0, 1]");
            return;
        }

        var prompt = root.GetProperty("messages").EnumerateArray().Last().GetProperty("text").GetString() ?? "";
        var filtered = prompt.Contains("FORBIDDEN", StringComparison.Ordinal);
        var answer = filtered ? "" : GigaChatTestServer.Answer(prompt);
        var status = filtered ? "ALTERNATIVE_STATUS_CONTENT_FILTER" : "ALTERNATIVE_STATUS_FINAL";
        var usage = new { inputTextTokens = (prompt.Length / 4 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), completionTokens = (answer.Length / 4 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), totalTokens = "0" };
        if (!options.GetProperty("stream").GetBoolean())
        {
            await c.Response.WriteAsJsonAsync(Result(answer, status, usage));
            return;
        }

        // Streaming: each line holds the whole text so far.
        c.Response.ContentType = "application/json";
        var step = Math.Max(1, answer.Length / 3);
        for (var end = step; end < answer.Length; end += step)
        {
            await c.Response.WriteAsync(JsonSerializer.Serialize(Result(answer[..end], "ALTERNATIVE_STATUS_PARTIAL", usage)) + "\n");
            await c.Response.Body.FlushAsync();
        }

        await c.Response.WriteAsync(JsonSerializer.Serialize(Result(answer, status, usage)) + "\n");
    }

    private static Task BadRequestAsync(HttpContext c, string message)
    {
        c.Response.StatusCode = 400;
        return c.Response.WriteAsJsonAsync(new { error = new { grpcCode = 3, httpCode = 400, message, httpStatus = "Bad Request" } });
    }

    private static object Result(string text, string status, object usage) => new
    {
        result = new
        {
            alternatives = new[] { new { message = new { role = "assistant", text }, status } },
            usage,
            modelVersion = "23.10.2024",
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
