namespace Arbiter.Engine.Providers;

/// <summary>
/// Removes known secret values from text that may be stored or printed (error messages from
/// endpoints sometimes echo the key they were given).
/// </summary>
public sealed class SecretRedactor
{
    private readonly string[] _secrets;

    /// <summary>Creates a redactor for the given secret values (short values are ignored: too many false hits).</summary>
    public SecretRedactor(IEnumerable<string?> secrets) =>
        _secrets = secrets.Where(s => s is { Length: >= 6 }).Select(s => s!).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>A redactor with no secrets.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>Returns <paramref name="text"/> with every secret replaced by <c>***</c>.</summary>
    public string? Redact(string? text)
    {
        if (text is null || _secrets.Length == 0) return text;
        foreach (var s in _secrets)
        {
            text = text.Replace(s, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
