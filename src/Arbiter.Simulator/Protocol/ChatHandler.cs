using System.Buffers;
using System.IO.Pipelines;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Arbiter.Simulator;

/// <summary>
/// <c>POST /v1/chat/completions</c>: parse, pick the model, plan a fault, compose the reply, wait the
/// simulated latency, then write it in OpenAI wire format (JSON or SSE).
/// </summary>
internal sealed class ChatHandler(
    SimServerOptions options,
    FrozenDictionary<string, SimModelProfile> models,
    AnswerComposer composer,
    FaultPlanner planner,
    SimStats stats,
    CancellationToken serverStopping)
{
    private static readonly byte[] MalformedBody = Encoding.UTF8.GetBytes(
        "{\"id\":\"chatcmpl-sim\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{'role':'assistant','content':NaN}}]<html>");

    private long _requestCounter;

    public async Task HandleAsync(HttpContext context)
    {
        stats.RecordRequest();
        var cancellationToken = context.RequestAborted;
        var (request, bodyHash, error) = await ReadAsync(context.Request, cancellationToken);
        if (request is null)
        {
            stats.RecordRejected();
            HttpWrites.Error(context.Response, StatusCodes.Status400BadRequest, error ?? "Invalid request.", "invalid_request_error", null);
            return;
        }

        if (!models.TryGetValue(request.Model, out var profile))
        {
            stats.RecordRejected();
            HttpWrites.Error(context.Response, StatusCodes.Status404NotFound,
                $"The model `{request.Model}` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found", "model");
            return;
        }

        if (request.Stream && options.Streaming == SimStreaming.Rejected)
        {
            stats.RecordRejected();
            HttpWrites.Error(context.Response, StatusCodes.Status400BadRequest,
                "Streaming is not supported by this endpoint (simulated).", "invalid_request_error", "unsupported_parameter", "stream");
            return;
        }

        if (request.Stream && options.Streaming == SimStreaming.Ignored)
        {
            // Like a server that does not know the parameter: one JSON body, not server-sent events.
            request = request with { Stream = false };
        }

        stats.RecordModel(profile.Name);
        var fault = planner.Decide(profile.Faults, bodyHash);
        if (fault != SimFault.None)
        {
            stats.RecordFault(fault);
        }

        stats.Entered();
        try
        {
            await RespondAsync(context, request, profile, fault, bodyHash, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || serverStopping.IsCancellationRequested)
        {
            // The client gave up: nobody is listening. If instead the server is stopping, say so rather than
            // ending with an empty 200.
            if (!cancellationToken.IsCancellationRequested && !context.Response.HasStarted)
            {
                HttpWrites.Error(context.Response, StatusCodes.Status503ServiceUnavailable,
                    "The simulated server is shutting down.", "server_error", "shutting_down");
            }
        }
        finally
        {
            stats.Left();
        }
    }

    private async Task RespondAsync(HttpContext context, ChatRequest request, SimModelProfile profile, SimFault fault, ulong bodyHash,
        CancellationToken cancellationToken)
    {
        var response = context.Response;
        switch (fault)
        {
            case SimFault.RateLimited:
                response.Headers.RetryAfter = profile.Faults.RetryAfterHeader ?? profile.Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                HttpWrites.Error(response, StatusCodes.Status429TooManyRequests,
                    $"Rate limit reached for {profile.Name} (simulated). Please try again in {profile.Faults.RetryAfterSeconds}s.",
                    "requests", "rate_limit_exceeded");
                return;
            case SimFault.ServerError:
                HttpWrites.Error(response, StatusCodes.Status500InternalServerError,
                    "The server had an error while processing your request (simulated).", "server_error", null);
                return;
            case SimFault.Hang:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, serverStopping))
                {
                    await Task.Delay(profile.Faults.HangFor, linked.Token);
                }

                HttpWrites.Error(response, StatusCodes.Status504GatewayTimeout, "The upstream model did not respond (simulated hang).", "server_error", "timeout");
                return;
            case SimFault.MalformedJson when !request.Stream:
                await DelayAsync(FirstTokenMs(profile, bodyHash), cancellationToken);
                await HttpWrites.RawAsync(response, StatusCodes.Status200OK, "application/json", MalformedBody, cancellationToken);
                return;
        }

        string text = composer.Compose(profile, request.LastUserText, request.Seed);
        var reply = SimReply.Shape(text, request.MaxTokens, request.Stop);
        if (fault == SimFault.ContentFilter)
        {
            reply = reply.Filtered(partial: (bodyHash & 1) == 0);
        }

        string id = "chatcmpl-sim" + Interlocked.Increment(ref _requestCounter).ToString("x8", CultureInfo.InvariantCulture);
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int promptTokens = request.PromptTokens();
        double firstTokenMs = FirstTokenMs(profile, bodyHash);

        if (request.Stream)
        {
            if (fault == SimFault.TruncatedStream)
            {
                // The SSE stream stops mid-answer (no finish_reason, no [DONE]) and the connection closes. An abort
                // (TCP reset) would be more brutal but races the data still in flight, making tests flaky.
                response.Headers.Connection = "close";
            }

            var stream = new ChatStreamWriter(response, id, created, profile.Name, request.IncludeUsage);
            await stream.WriteAsync(reply, promptTokens, fault, firstTokenMs, profile.MsPerToken * options.LatencyScale, cancellationToken);
        }
        else
        {
            await DelayAsync(firstTokenMs + reply.CompletionTokens * profile.MsPerToken * options.LatencyScale, cancellationToken);
            if (fault == SimFault.TruncatedStream)
            {
                var buffer = new ArrayBufferWriter<byte>(1024);
                using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, HttpWrites.JsonOptions))
                {
                    WireWriter.Completion(writer, id, created, profile.Name, reply, promptTokens);
                }

                await HttpWrites.RawAsync(response, StatusCodes.Status200OK, "application/json", buffer.WrittenMemory[..(buffer.WrittenCount / 2)], cancellationToken);
                return;
            }

            HttpWrites.Json(response, StatusCodes.Status200OK, w => WireWriter.Completion(w, id, created, profile.Name, reply, promptTokens));
        }

        if (fault == SimFault.None)
        {
            stats.RecordOk();
        }
    }

    /// <summary>Time to first token: the profile's mean plus roughly normal jitter, deterministic per body.</summary>
    private double FirstTokenMs(SimModelProfile profile, ulong bodyHash)
    {
        if (options.LatencyScale <= 0)
        {
            return 0;
        }

        var rng = new DetRandom(StableHash.Mix(options.Seed, bodyHash, 0x1A7E));
        double z = (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2; // sd ≈ 1
        return Math.Max(0, profile.MeanLatencyMs + profile.LatencyJitterMs * z) * options.LatencyScale;
    }

    internal static Task DelayAsync(double milliseconds, CancellationToken cancellationToken) =>
        milliseconds >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(milliseconds), cancellationToken) : Task.CompletedTask;

    private static async Task<(ChatRequest? Request, ulong BodyHash, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        ReadResult result;
        while (true)
        {
            result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }

            // Not consumed yet: ask for more until the whole body is buffered.
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        var body = result.Buffer;
        try
        {
            ulong hash = StableHash.Of(body);
            var parsed = ChatRequest.TryParse(body, out string? error);
            return (parsed, hash, error);
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }
}
