namespace Barrage.Load;

/// <summary>
/// One agent's part of a test spread over <see cref="Count"/> agents: agent <see cref="Index"/> (from 0) takes
/// the arrivals k of the single-process schedule with k mod Count = Index, and its share of the users.
/// </summary>
/// <remarks>
/// Arrivals are interleaved rather than cut into blocks, so every agent runs the whole schedule's shape at
/// 1/Count of its rate, and the agents together produce exactly the arrivals one process would.
/// </remarks>
/// <param name="Index">This agent's place, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">How many agents share the load.</param>
public sealed record LoadShare(int Index, int Count)
{
    /// <summary>The whole load: one process alone.</summary>
    public static LoadShare Whole { get; } = new(0, 1);

    /// <summary>Index and Count make sense: Count ≥ 1 and 0 ≤ Index &lt; Count.</summary>
    public bool IsValid => Count >= 1 && Index >= 0 && Index < Count;

    /// <summary>The items k (from 0) of <paramref name="all"/> with k mod Count = Index, in order.</summary>
    public IEnumerable<T> Take<T>(IEnumerable<T> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (Count == 1)
            return all;
        return TakeInterleaved(all);
    }

    /// <summary>How many of <paramref name="total"/> items (arrivals, iterations) fall to this share.</summary>
    public long Of(long total) => total <= Index ? 0 : (total - Index + Count - 1) / Count;

    /// <summary>This share of <paramref name="users"/>: an equal part, the first agents taking one more each for the remainder.</summary>
    public int Users(int users) => users / Count + (Index < users % Count ? 1 : 0);

    /// <summary>
    /// This share's slice of a list that the whole load walks in order (ammo, data rows): the items the share's
    /// arrivals would take in one process. Without <paramref name="loop"/> the slices are disjoint and together are
    /// the list; with it, the slice is the cycle that arrivals k·Count + Index walk through the repeated list.
    /// </summary>
    public IReadOnlyList<T> Slice<T>(IReadOnlyList<T> items, bool loop)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (Count == 1 || items.Count == 0)
            return items;
        if (!loop)
            return [.. items.Where((_, k) => k % Count == Index)];
        var length = items.Count;
        var period = length / (int)System.Numerics.BigInteger.GreatestCommonDivisor(length, Count);
        return [.. Enumerable.Range(0, period).Select(j => items[(int)((Index + (long)j * Count) % length)])];
    }

    /// <summary>"2/3" (one-based), as shown to people.</summary>
    public override string ToString() => $"{Index + 1}/{Count}";

    private IEnumerable<T> TakeInterleaved<T>(IEnumerable<T> all)
    {
        long k = 0;
        foreach (var item in all)
        {
            if (k % Count == Index)
                yield return item;
            k++;
        }
    }
}
