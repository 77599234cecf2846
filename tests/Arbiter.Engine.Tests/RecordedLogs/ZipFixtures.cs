using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Arbiter.Engine.Tests.RecordedLogs;

/// <summary>Fixture paths and ZIP rewrites (zstd re-compression, a replaced entry) of the real inspect logs.</summary>
internal static class ZipFixtures
{
    public static string Inspect(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Inspect", name);

    /// <summary>The entries of a deflate ZIP, in order, decompressed by the framework's own reader.</summary>
    public static List<(string Name, byte[] Data)> Entries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return [.. zip.Entries.Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, m.ToArray());
        })];
    }

    /// <summary>
    /// A ZIP whose members are zstd-compressed (method 93) as inspect writes them, each member in two zstd frames
    /// (inspect caps a frame's input, so large members are multi-frame).
    /// </summary>
    public static byte[] ZstdZip(IEnumerable<(string Name, byte[] Data)> entries)
    {
        using var output = new MemoryStream();
        var central = new MemoryStream();
        var count = 0;
        foreach (var (name, data) in entries)
        {
            var half = data.Length / 2;
            using var compressor = new ZstdSharp.Compressor();
            var compressed = compressor.Wrap(data.AsSpan(0, half)).ToArray().Concat(compressor.Wrap(data.AsSpan(half)).ToArray()).ToArray();
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var offset = (uint)output.Position;
            Write(output, 0x04034b50, 63, 0, 93, 0, 0, 0u, (uint)compressed.Length, (uint)data.Length, nameBytes.Length, 0);
            output.Write(nameBytes);
            output.Write(compressed);
            Write(central, 0x02014b50, 63, 63, 0, 93, 0, 0, 0u, (uint)compressed.Length, (uint)data.Length, nameBytes.Length, 0, 0, 0, 0, 0u, offset);
            central.Write(nameBytes);
            count++;
        }

        var cdOffset = (uint)output.Position;
        central.WriteTo(output);
        Write(output, 0x06054b50, 0, 0, count, count, (uint)central.Length, cdOffset, 0);
        return output.ToArray();
    }

    /// <summary>A deflate ZIP with the same entries as <paramref name="path"/>, <paramref name="entry"/>'s content replaced.</summary>
    public static byte[] WithEntry(string path, string entry, string content)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in Entries(path))
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(name == entry ? Encoding.UTF8.GetBytes(content) : data);
            }
        }

        return output.ToArray();
    }

    // Fields of the ZIP records in order: signature (4 bytes), then 2-byte fields for ints and 4-byte for uints.
    private static void Write(Stream s, uint signature, params object[] fields)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, signature);
        s.Write(b);
        foreach (var f in fields)
        {
            if (f is uint u)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b, u);
                s.Write(b);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)(int)f);
                s.Write(b[..2]);
            }
        }
    }
}
