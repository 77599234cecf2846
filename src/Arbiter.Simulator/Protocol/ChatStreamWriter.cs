using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Simulator;

/// <summary>
/// Writes a reply as OpenAI server-sent events: a role chunk, content chunks paced by the model's
/// per-token delay, a finish chunk, an optional usage chunk, then <c>data: [DONE]</c>.
/// </summary>
internal sealed class ChatStreamWriter(HttpResponse response, string id, long created, string model, bool includeUsage)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] Garbage = Encoding.UTF8.GetBytes("data: {\"id\":\"chatcmpl-sim\",\"choices\":[{\"delta\":{\"content\":\"Hel}}\n\n");

    public async Task WriteAsync(SimReply reply, int promptTokens, SimFault fault, double firstTokenMs, double msPerToken,
        CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await ChatHandler.DelayAsync(firstTokenMs, cancellationToken);

        var pipe = response.BodyWriter;
        using var json = new Utf8JsonWriter(pipe, HttpWrites.JsonOptions);
        Event(json, w => WireWriter.Chunk(w, id, created, model, "assistant", "", null, includeUsage));
        await pipe.FlushAsync(cancellationToken);

        if (fault == SimFault.MalformedJson)
        {
            pipe.Write(Garbage);
            pipe.Write(Done);
            return;
        }

        var chunks = TokenMath.Chunk(reply.Content);
        int count = fault == SimFault.TruncatedStream ? Math.Max(1, chunks.Count / 2) : chunks.Count;
        var clock = Stopwatch.StartNew();
        double tokensSent = 0;
        for (int i = 0; i < count && i < chunks.Count; i++)
        {
            string chunk = chunks[i];
            Event(json, w => WireWriter.Chunk(w, id, created, model, null, chunk, null, includeUsage));
            if (msPerToken > 0)
            {
                // Pace against a schedule rather than sleeping per chunk, so timer granularity does not add up.
                tokensSent += TokenMath.Count(chunk);
                await pipe.FlushAsync(cancellationToken);
                await ChatHandler.DelayAsync(tokensSent * msPerToken - clock.Elapsed.TotalMilliseconds, cancellationToken);
            }
        }

        if (fault == SimFault.TruncatedStream)
        {
            await pipe.FlushAsync(cancellationToken);
            return;
        }

        Event(json, w => WireWriter.Chunk(w, id, created, model, null, null, reply.FinishReason, includeUsage));
        if (includeUsage)
        {
            Event(json, w => WireWriter.UsageChunk(w, id, created, model, promptTokens, reply.CompletionTokens));
        }

        pipe.Write(Done);
        await pipe.FlushAsync(cancellationToken);
    }

    private void Event(Utf8JsonWriter json, Action<Utf8JsonWriter> write)
    {
        var pipe = response.BodyWriter;
        pipe.Write(DataPrefix);
        json.Reset(pipe);
        write(json);
        json.Flush();
        pipe.Write(EventEnd);
    }
}
