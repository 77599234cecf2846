using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Arbiter.Engine.RecordedLogs;

/// <summary>
/// Reads the entries of a ZIP archive whose members may be stored, deflated or zstd-compressed (method 93).
/// <see cref="ZipArchive"/> refuses method 93, and inspect_ai writes its <c>.eval</c> logs with zstd since
/// 2025 (src/inspect_ai/_util/zipfile.py: <c>zipfile_compress_kwargs = {"compression": ZIP_ZSTANDARD}</c>,
/// possibly several zstd frames per member), so the central directory is read here (PKWARE APPNOTE 4.3.12–4.3.16,
/// with the ZIP64 records of 4.3.14–4.3.15 and extra field 0x0001).
/// </summary>
public sealed class ZipEntries
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64End = 0x06064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;

    private readonly byte[] _data;
    private readonly string _file;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private ZipEntries(byte[] data, string file)
    {
        _data = data;
        _file = file;
    }

    /// <summary>Entry names in archive order (a name written twice appears once: the later entry wins).</summary>
    public IReadOnlyList<string> Names { get; private set; } = [];

    /// <summary>Reads the central directory of <paramref name="data"/>; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="LogFormatException">Not a ZIP archive, or its directory is damaged.</exception>
    public static ZipEntries Open(byte[] data, string file)
    {
        ArgumentNullException.ThrowIfNull(data);
        var zip = new ZipEntries(data, file);
        try
        {
            zip.ReadDirectory();
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            throw zip.Fail(null, "the ZIP directory points past the end of the file (truncated or damaged archive)", ex);
        }

        return zip;
    }

    /// <summary>True when the archive has an entry named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>The decompressed bytes of entry <paramref name="name"/>.</summary>
    /// <exception cref="LogFormatException">No such entry, an unknown method, or damaged data.</exception>
    public byte[] Read(string name)
    {
        if (!_entries.TryGetValue(name, out var e)) throw new LogFormatException(_file, name, "entry is missing from the archive");
        try
        {
            var local = checked((int)e.LocalOffset);
            if (U32(local) != LocalHeader) throw Fail(name, "local header not found where the directory says");
            var start = local + 30 + U16(local + 26) + U16(local + 28);
            if (start + e.CompressedSize > _data.Length) throw Fail(name, "data runs past the end of the file (truncated download?)");
            using var raw = new MemoryStream(_data, start, checked((int)e.CompressedSize), writable: false);
            using Stream inflated = e.Method switch
            {
                0 => raw,
                8 => new DeflateStream(raw, CompressionMode.Decompress),
                93 => new ZstdSharp.DecompressionStream(raw),
                _ => throw Fail(name, $"compression method {e.Method} is not supported (stored, deflate and zstd are)"),
            };
            using var output = new MemoryStream(e.Size > 0 && e.Size < int.MaxValue ? (int)e.Size : 0);
            inflated.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ZstdSharp.ZstdException or OverflowException or ArgumentOutOfRangeException)
        {
            throw Fail(name, $"cannot decompress: {ex.Message}", ex);
        }
    }

    private void ReadDirectory()
    {
        var eocd = FindEndRecord();
        long count = U16(eocd + 10);
        long offset = U32(eocd + 16);
        if (eocd >= 20 && U32(eocd - 20) == Zip64Locator)
        {
            var z = checked((int)U64(eocd - 20 + 8));
            if (z < 0 || z + 56 > _data.Length || U32(z) != Zip64End) throw Fail(null, "ZIP64 end record is damaged");
            count = (long)U64(z + 32);
            offset = (long)U64(z + 48);
        }

        var names = new List<string>();
        var p = checked((int)offset);
        for (long i = 0; i < count; i++)
        {
            if (p + 46 > _data.Length || U32(p) != CentralHeader) throw Fail(null, $"central directory entry {i + 1} of {count} is damaged");
            int method = U16(p + 10), nameLen = U16(p + 28), extraLen = U16(p + 30), commentLen = U16(p + 32);
            long compressed = U32(p + 20), size = U32(p + 24), local = U32(p + 42);
            var name = Encoding.UTF8.GetString(_data, p + 46, nameLen);
            ApplyZip64(p + 46 + nameLen, extraLen, ref size, ref compressed, ref local);
            if (!_entries.ContainsKey(name)) names.Add(name);
            _entries[name] = new Entry(method, compressed, size, local);
            p += 46 + nameLen + extraLen + commentLen;
        }

        Names = names;
    }

    private void ApplyZip64(int extra, int length, ref long size, ref long compressed, ref long local)
    {
        for (var q = extra; q + 4 <= extra + length;)
        {
            int id = U16(q), len = U16(q + 2);
            if (id == 0x0001)
            {
                var f = q + 4;
                if (size == uint.MaxValue) { size = (long)U64(f); f += 8; }
                if (compressed == uint.MaxValue) { compressed = (long)U64(f); f += 8; }
                if (local == uint.MaxValue) local = (long)U64(f);
                return;
            }

            q += 4 + len;
        }
    }

    private int FindEndRecord()
    {
        // The end record is 22 bytes plus a comment of at most 65,535 bytes.
        for (var p = _data.Length - 22; p >= Math.Max(0, _data.Length - 22 - 65_535); p--)
        {
            if (U32(p) == EndOfCentralDirectory) return p;
        }

        throw Fail(null, "not a ZIP archive (no end-of-directory record; an .eval log is a ZIP file)");
    }

    private LogFormatException Fail(string? entry, string reason, Exception? inner = null) => new(_file, entry, reason, inner);

    private int U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(at, 2));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(at, 4));

    private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(at, 8));

    private readonly record struct Entry(int Method, long CompressedSize, long Size, long LocalOffset);
}
