using System.Runtime.InteropServices;

namespace Arbiter.Engine.Suites;

/// <summary>
/// The 64-bit hashes of a suite file's item ids while it is opened, in native memory: grown in place (the C
/// allocator remaps large blocks instead of copying them, so there is no moment with the old and the new array
/// both alive, as a <see cref="List{T}"/> has when it doubles) and handed back to the operating system on
/// <see cref="Dispose"/>, not left to a later full collection. At a million items that is 8 MB for the
/// duration of the opening only, instead of up to 24 MB that stayed resident into the run.
/// </summary>
internal sealed unsafe class IdHashes : IDisposable
{
    private const int InitialCapacity = 4096;

    private ulong* _items;
    private int _capacity;

    public int Count { get; private set; }

    /// <summary>The hashes added so far, in place (sorting them sorts the store).</summary>
    public Span<ulong> Span => _items == null ? [] : new Span<ulong>(_items, Count);

    public void Add(ulong hash)
    {
        if (Count == _capacity)
        {
            int capacity = _capacity == 0 ? InitialCapacity : checked(_capacity * 2);
            _items = (ulong*)NativeMemory.Realloc(_items, (nuint)capacity * sizeof(ulong));
            _capacity = capacity;
        }

        _items[Count++] = hash;
    }

    /// <summary>Computes FNV-1a over the id's UTF-16 code units: cheap, and good enough to make a repeat rare (repeats are then checked on the ids themselves).</summary>
    public static ulong Of(string id)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in id)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return hash;
    }

    public void Dispose()
    {
        NativeMemory.Free(_items);
        _items = null;
        (_capacity, Count) = (0, 0);
        GC.SuppressFinalize(this);
    }

    ~IdHashes() => NativeMemory.Free(_items);
}
