using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Simulator;

/// <summary>Small helpers for writing JSON responses straight into Kestrel's pipe.</summary>
internal static class HttpWrites
{
    // Relaxed escaping keeps Cyrillic and CJK readable on the wire (and is cheaper); SkipValidation because
    // the writers are ours and tested.
    public static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void Json(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        using var writer = new Utf8JsonWriter(response.BodyWriter, JsonOptions);
        write(writer);
        writer.Flush();
    }

    public static void Error(HttpResponse response, int status, string message, string type, string? code, string? param = null) =>
        Json(response, status, w => WireWriter.Error(w, message, type, code, param));

    /// <summary>Raw bytes with an explicit length (for deliberately broken bodies).</summary>
    public static async Task RawAsync(HttpResponse response, int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }
}
