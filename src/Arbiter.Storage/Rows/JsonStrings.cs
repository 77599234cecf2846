using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Arbiter.Storage.Rows;

/// <summary>
/// A list of strings as one JSON array, for <c>json_each</c> parameters. Written with <see cref="Utf8JsonWriter"/>, not
/// <see cref="JsonSerializer"/>: the serializer's first use in a process builds its default converters and reflection
/// accessors, which cost a cold run's first cache lookup 20–40 ms before its first request (issue 18).
/// </summary>
internal static class JsonStrings
{
    /// <summary>The strings as a JSON array (the same text <c>JsonSerializer.Serialize</c> gives).</summary>
    public static string Array(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var v in values) writer.WriteStringValue(v);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
