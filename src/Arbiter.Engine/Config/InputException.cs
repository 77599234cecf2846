namespace Arbiter.Engine.Config;

/// <summary>
/// Bad input that does not come from a file — a command-line flag or argument — named by <see cref="Flag"/>
/// (e.g. <c>--suite</c>), so the message blames the flag instead of a file and line that had nothing to do with it.
/// The CLI prints it as <c>error: FLAG: message</c> and exits 2.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the error.</summary>
    public InputException(string flag, string message)
        : base($"{flag}: {message}")
    {
        Flag = flag;
        Reason = message;
    }

    /// <summary>The flag or argument at fault.</summary>
    public string Flag { get; }

    /// <summary>The message without the flag.</summary>
    public string Reason { get; }
}
