namespace Arbiter.Core.Storage;

/// <summary>
/// A storage failure. The message names the SQLite file or the PostgreSQL host and database, never
/// a password. <see cref="IsTransient"/> tells callers whether retrying the same call may succeed
/// (a busy database, a dropped connection) or not (a corrupt file, a schema error).
/// </summary>
public sealed class StoreException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public StoreException() : base("Storage operation failed.")
    {
    }

    /// <summary>Creates a non-transient exception with a message.</summary>
    public StoreException(string message) : base(message)
    {
    }

    /// <summary>Creates a non-transient exception with a message and cause.</summary>
    public StoreException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with a message, transience and cause.</summary>
    public StoreException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when retrying the operation may succeed without any change.</summary>
    public bool IsTransient { get; }
}
