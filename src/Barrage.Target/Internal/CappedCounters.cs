using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Barrage.Target.Internal;

/// <summary>
/// Counts by a string key, thread-safe, with a cap on distinct keys: clients choose paths and methods,
/// so without a cap a scan of random URLs would grow the table without bound.
/// </summary>
internal sealed class CappedCounters(int maxKeys)
{
    /// <summary>The key that counts everything past the cap.</summary>
    public const string OtherKey = "(other)";

    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);
    private int _keys;

    public void Increment(string key)
    {
        if (!_counts.TryGetValue(key, out var box))
            box = Add(key);
        Interlocked.Increment(ref box.Value);
    }

    private StrongBox<long> Add(string key)
    {
        // the key count is ours because ConcurrentDictionary.Count takes every lock
        if (Volatile.Read(ref _keys) >= maxKeys)
            key = OtherKey;
        while (true)
        {
            if (_counts.TryGetValue(key, out var existing))
                return existing;
            var box = new StrongBox<long>();
            if (_counts.TryAdd(key, box))
            {
                if (key != OtherKey)
                    Interlocked.Increment(ref _keys);
                return box;
            }
        }
    }

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var copy = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, box) in _counts)
        {
            long value = Volatile.Read(ref box.Value);
            if (value != 0)
                copy[key] = value;
        }
        return copy;
    }

    public void Clear()
    {
        _counts.Clear();
        Volatile.Write(ref _keys, 0);
    }
}
