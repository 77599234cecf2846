using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Arbiter.Engine.Providers.Http;

namespace Arbiter.Engine.Providers.GigaChat;

/// <summary>
/// GigaChat's OAuth 2.0 client-credentials flow: <c>POST authUrl</c> with
/// <c>Authorization: Basic &lt;authorization key&gt;</c>, a fresh uuid4 <c>RqUID</c> and the form field
/// <c>scope</c>; the answer's <c>access_token</c> is cached until shortly before its
/// <c>expires_at</c> (unix milliseconds). One refresh runs at a time however many calls wait.
/// </summary>
internal sealed class GigaChatTokenSource(HttpClient http, Uri authUrl, string authorizationKey, string scope, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MaxMargin = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Token? _current;

    /// <summary>Tokens fetched so far (for tests and diagnostics).</summary>
    public int Fetches { get; private set; }

    /// <summary>The cached token (for redaction), or null.</summary>
    public string? Current => _current?.Value;

    /// <summary>A valid token; <paramref name="rejected"/> is one the API just refused with 401, which forces a renewal.</summary>
    public async ValueTask<string> GetAsync(string? rejected, CancellationToken cancellationToken)
    {
        var token = _current;
        if (token is not null && token.Value != rejected && time.GetUtcNow() < token.RenewAt) return token.Value;
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have renewed it while this one waited.
            token = _current;
            if (token is not null && token.Value != rejected && time.GetUtcNow() < token.RenewAt) return token.Value;
            token = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _current = token;
            Fetches++;
            return token.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Removes the authorization key and the current token from a message.</summary>
    public string Redact(string message)
    {
        var result = message.Replace(authorizationKey, "***", StringComparison.Ordinal);
        return _current is { } t && t.Value.Length >= 6 ? result.Replace(t.Value, "***", StringComparison.Ordinal) : result;
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<Token> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, authUrl)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("scope", scope)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", authorizationKey);
        request.Headers.Add("RqUID", Guid.NewGuid().ToString("D"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var fetchedAt = time.GetUtcNow();
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await HttpJson.EnsureSuccessAsync(response, m => "GigaChat authorization failed: " + Redact(m), cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        var value = root.TryGetProperty("access_token", out var at) ? at.GetString() : null;
        if (string.IsNullOrEmpty(value)) throw new EndpointException(502, "GigaChat authorization answer has no access_token");
        var expiresMs = HttpJson.Int64(root, "expires_at");
        var expiresAt = expiresMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(expiresMs) : fetchedAt.AddMinutes(30);
        // Renew a minute early, or a quarter of the lifetime for short-lived tokens, so a request
        // never starts with a token that expires in flight.
        var lifetime = expiresAt - fetchedAt;
        var margin = lifetime / 4 < MaxMargin ? lifetime / 4 : MaxMargin;
        return new Token(value, expiresAt - margin);
    }

    private sealed record Token(string Value, DateTimeOffset RenewAt)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"token (renew at {RenewAt:O})");
    }
}
