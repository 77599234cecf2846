using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Arbiter.Engine.Providers.Http;

/// <summary>Request/response plumbing shared by the GigaChat and YandexGPT connectors.</summary>
internal static class HttpJson
{
    /// <summary>A POST with a JSON body.</summary>
    public static HttpRequestMessage Post(Uri url, byte[] json, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
        return request;
    }

    /// <summary>
    /// Throws <see cref="EndpointException"/> for a non-success status, with the server's message
    /// (from <c>message</c> or <c>error.message</c>) passed through <paramref name="redact"/>.
    /// </summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, Func<string, string> redact, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = ExtractMessage(body) ?? (body.Length == 0 ? response.ReasonPhrase ?? "error" : Clip(body));
        throw new EndpointException((int)response.StatusCode, redact(message), RetryAfter(response));
    }

    /// <summary>Data payloads of a server-sent-event stream, up to <c>[DONE]</c> or the end.</summary>
    public static async IAsyncEnumerable<string> ReadSseDataAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = line[5..].Trim();
            if (data == "[DONE]") yield break;
            if (data.Length > 0) yield return data;
        }
    }

    /// <summary>Non-empty lines of a newline-delimited JSON stream.</summary>
    public static async IAsyncEnumerable<string> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line)) yield return line;
        }
    }

    /// <summary>A JSON integer that may be sent as a number or (proto3 int64) as a string.</summary>
    public static long Int64(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var e)) return 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.GetInt64(),
            JsonValueKind.String when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) => v,
            _ => 0,
        };
    }

    private static string? ExtractMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object && err.TryGetProperty("message", out var m1)) return m1.GetString();
            return root.TryGetProperty("message", out var m2) && m2.ValueKind == JsonValueKind.String ? m2.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) && values.FirstOrDefault() is { } v ? ModelCaller.ParseRetryAfter(v) : null;

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
