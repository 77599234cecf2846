namespace Arbiter.Engine.Providers.Http;

/// <summary>
/// An HTTP failure reported by one of our own connectors (GigaChat, YandexGPT). The message is
/// already free of the connector's secrets; <see cref="ModelCaller"/> classifies it by status.
/// </summary>
public sealed class EndpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EndpointException(int statusCode, string message, TimeSpan? retryAfter = null) : base(message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a default status (0: no HTTP response).</summary>
    public EndpointException() : this(0, "request failed")
    {
    }

    /// <summary>Creates the exception without an HTTP status.</summary>
    public EndpointException(string message) : this(0, message)
    {
    }

    /// <summary>Creates the exception without an HTTP status, wrapping a cause.</summary>
    public EndpointException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>HTTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
