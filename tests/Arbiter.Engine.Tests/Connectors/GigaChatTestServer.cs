using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Engine.Tests.Connectors;

/// <summary>
/// GigaChat's protocol on loopback: <c>POST /api/v2/oauth</c> (Basic authorization key, uuid4 RqUID,
/// form scope → access_token + expires_at in unix ms) and <c>/api/v1/chat/completions</c>,
/// <c>/api/v1/models</c> behind the Bearer token. Tokens expire after <see cref="TokenLifetime"/>;
/// <see cref="RevokeAll"/> makes the next call 401; a prompt with FORBIDDEN gets finish_reason
/// <c>blacklist</c>; the first <see cref="RateLimitFirst"/> chat calls get 429. The 401 body quotes
/// the rejected token, as careless servers do, so tests can check it is redacted. Like the vendor it
/// answers 422 to a temperature that is not above 0 or a top_p outside 0..1 (GigaChat REST spec,
/// POST /chat/completions: temperature "minimum: 0, exclusiveMinimum: true", top_p "minimum: 0,
/// maximum: 1"; 422 bodies are <c>{"status":422,"message":"Invalid params: …"}</c>).
/// </summary>
internal sealed class GigaChatTestServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _chat;
    private int _tokenRequests;
    private int _unauthorized;

    private GigaChatTestServer(WebApplication app, Uri root, string key)
    {
        _app = app;
        Root = root;
        AuthorizationKey = key;
    }

    public string AuthorizationKey { get; }

    public Uri Root { get; }

    public string AuthUrl => new Uri(Root, "api/v2/oauth").ToString();

    public string BaseUrl => new Uri(Root, "api/v1").ToString();

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public int RateLimitFirst { get; set; }

    public int ChatRequests => Volatile.Read(ref _chat);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int Unauthorized => Volatile.Read(ref _unauthorized);

    public IReadOnlyCollection<string> IssuedTokens => _tokens.Keys.ToList();

    public string? LastScope { get; private set; }

    /// <summary>The temperature of the last chat request (null: not sent).</summary>
    public double? LastTemperature { get; private set; }

    public void RevokeAll() => _tokens.Clear();

    public static async Task<GigaChatTestServer> StartAsync(string authorizationKey, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        GigaChatTestServer? server = null;
        var (app, root) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/api/v2/oauth", (Func<HttpContext, Task<IResult>>)(c => server!.OAuthAsync(c)));
            app.MapPost("/api/v1/chat/completions", (HttpContext c) => server!.ChatAsync(c));
            app.MapGet("/api/v1/models", (HttpContext c) => server!.Authorized(c, out _)
                ? Results.Json(new { @object = "list", data = new[] { new { id = "GigaChat", @object = "model" }, new { id = "GigaChat-Pro", @object = "model" } } })
                : server.Reject(c));
        }, certificate);
        server = new GigaChatTestServer(app, root, authorizationKey);
        return server;
    }

    private async Task<IResult> OAuthAsync(HttpContext c)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await c.Request.ReadFormAsync();
        LastScope = form["scope"];
        if (c.Request.Headers.Authorization.ToString() != "Basic " + AuthorizationKey) return Results.Json(new { code = 1, message = "Can't decode 'Authorization' header" }, statusCode: 401);
        if (!Guid.TryParse(c.Request.Headers["RqUID"].ToString(), out var rq) || rq.Version != 4) return Results.Json(new { code = 5, message = "RqUID must be a uuid4" }, statusCode: 400);
        if (form["scope"].ToString() is not ("GIGACHAT_API_PERS" or "GIGACHAT_API_B2B" or "GIGACHAT_API_CORP")) return Results.Json(new { code = 7, message = "scope is invalid" }, statusCode: 400);
        var token = "gc-token-" + Guid.NewGuid().ToString("N");
        var expires = DateTimeOffset.UtcNow + TokenLifetime;
        _tokens[token] = expires;
        return Results.Json(new { access_token = token, expires_at = expires.ToUnixTimeMilliseconds() });
    }

    private bool Authorized(HttpContext c, out string token)
    {
        token = c.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        return _tokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;
    }

    private IResult Reject(HttpContext c)
    {
        Interlocked.Increment(ref _unauthorized);
        Authorized(c, out var token);
        return Results.Json(new { status = 401, message = $"Token has expired: {token}" }, statusCode: 401);
    }

    private async Task ChatAsync(HttpContext c)
    {
        if (!Authorized(c, out _))
        {
            await Reject(c).ExecuteAsync(c);
            return;
        }

        var n = Interlocked.Increment(ref _chat);
        if (n <= RateLimitFirst)
        {
            c.Response.StatusCode = 429;
            c.Response.Headers.RetryAfter = "0";
            await c.Response.WriteAsJsonAsync(new { status = 429, message = "Too many requests" });
            return;
        }

        using var doc = await JsonDocument.ParseAsync(c.Request.Body);
        var root = doc.RootElement;
        LastTemperature = root.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
        var invalid = LastTemperature is <= 0 ? "temperature must be in range (0, +inf)"
            : root.TryGetProperty("top_p", out var p) && p.ValueKind == JsonValueKind.Number && p.GetDouble() is < 0 or > 1 ? "top_p must be in range [0, 1]"
            : null;
        if (invalid is not null)
        {
            c.Response.StatusCode = 422;
            await c.Response.WriteAsJsonAsync(new { status = 422, message = "Invalid params: " + invalid });
            return;
        }

        var prompt = root.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString() ?? "";
        var stream = root.TryGetProperty("stream", out var s) && s.GetBoolean();
        var filtered = prompt.Contains("FORBIDDEN", StringComparison.Ordinal);
        var answer = filtered ? "Не люблю менять тему разговора, но вот сейчас тот самый случай." : Answer(prompt);
        var finish = filtered ? "blacklist" : "stop";
        var usage = new { prompt_tokens = prompt.Length / 4 + 1, completion_tokens = answer.Length / 4 + 1, total_tokens = (prompt.Length + answer.Length) / 4 + 2 };
        if (!stream)
        {
            await c.Response.WriteAsJsonAsync(new
            {
                choices = new[] { new { message = new { role = "assistant", content = answer }, index = 0, finish_reason = finish } },
                created = 1, model = "GigaChat:1.0.26.20", @object = "chat.completion", usage,
            });
            return;
        }

        c.Response.ContentType = "text/event-stream";
        var pieces = answer.Chunk(Math.Max(1, answer.Length / 3)).Select(p => new string(p)).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            var last = i == pieces.Count - 1;
            object chunk = last
                ? new { choices = new[] { new { delta = new { content = pieces[i], role = "assistant" }, index = 0, finish_reason = finish } }, created = 1, model = "GigaChat", @object = "chat.completion", usage }
                : new { choices = new[] { new { delta = new { content = pieces[i], role = "assistant" }, index = 0 } }, created = 1, model = "GigaChat", @object = "chat.completion" };
            await c.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n");
            await c.Response.Body.FlushAsync();
        }

        await c.Response.WriteAsync("data: [DONE]\n\n");
    }

    /// <summary>Answers the harness's questions correctly: "What is N times 7?" and "option number K".</summary>
    internal static string Answer(string prompt)
    {
        var words = prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var times = Array.IndexOf(words, "times");
        if (times > 0 && int.TryParse(words[times - 1], CultureInfo.InvariantCulture, out var x)) return "The answer is " + (x * 7).ToString(CultureInfo.InvariantCulture);
        var number = Array.IndexOf(words, "number");
        if (number >= 0 && number + 1 < words.Length && int.TryParse(words[number + 1].TrimEnd('?'), CultureInfo.InvariantCulture, out var k)) return "Answer: " + (char)('A' + k);
        return "Hello";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
