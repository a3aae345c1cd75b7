using HdrHistogram;

namespace Barrage.Metrics;

/// <summary>
/// An HdrHistogram of µs (1 to <see cref="Aggregate.HighestTrackableMicros"/>, 3 significant digits) that knows which
/// stretch of its counts array holds counts: adding one to another, clearing it and encoding it touch that stretch only.
/// </summary>
/// <remarks>
/// HdrHistogram's own histograms walk their whole counts array (23 552 buckets for this range, each through a virtual
/// call) to add, clear or encode, however few values they hold. A second of a run holds a few hundred distinct values,
/// and every second its stats are added to the totals, cleared and encoded for the store: measured, about 10 ms of CPU
/// per second of a run. Everything else (recording, percentiles, iteration, HdrHistogram's encoders) works as in
/// <see cref="LongHistogram"/> and <see cref="IntHistogram"/>.
/// </remarks>
public sealed class TrackedHistogram : HistogramBase
{
    /// <summary>Significant decimal digits of every histogram here.</summary>
    public const int SignificantDigits = 3;

    private readonly long[]? _longs;
    private readonly int[]? _ints;
    private long _totalCount;
    // The stretch [_low, _high] holds every non-zero count; empty when _high < _low.
    private int _low = int.MaxValue;
    private int _high = -1;

    /// <summary>Creates an empty histogram.</summary>
    /// <param name="narrow">
    /// 32-bit counts instead of 64-bit: half the memory (94 KB instead of 188 KB), for a second's stats, where no
    /// bucket reaches 2^31.
    /// </param>
    public TrackedHistogram(bool narrow = false)
        : base(Aggregate.NoInstanceId, 1, Aggregate.HighestTrackableMicros, SignificantDigits)
    {
        // HistogramBase keeps its counts array length to itself; it is (buckets + 1) × half the sub-buckets.
        Length = (BucketCount + 1) * (SubBucketCount / 2);
        if (narrow)
            _ints = new int[Length];
        else
            _longs = new long[Length];
    }

    /// <summary>The length of the counts array.</summary>
    public int Length { get; }

    /// <summary>32-bit counts (see the constructor).</summary>
    public bool IsNarrow => _ints is not null;

    /// <inheritdoc/>
    public override long TotalCount { get => _totalCount; protected set => _totalCount = value; }

    /// <summary>The highest index whose count is not zero; -1 when the histogram is empty.</summary>
    public int HighestNonZeroIndex
    {
        get
        {
            var i = _high;
            while (i >= _low && CountAt(i) == 0)
                i--;
            return i >= _low ? i : -1;
        }
    }

    /// <summary>The count of bucket <paramref name="index"/> of the counts array.</summary>
    public long CountAt(int index) => _ints is { } ints ? ints[index] : _longs![index];

    /// <summary>Adds <paramref name="count"/> to bucket <paramref name="index"/> (a count decoded from elsewhere).</summary>
    public void AddAt(int index, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count != 0)
            AddToCountAtIndex(index, count);
    }

    /// <inheritdoc/>
    protected override int WordSizeInBytes => IsNarrow ? 4 : 8;

    /// <inheritdoc/>
    protected override long MaxAllowableCount => IsNarrow ? int.MaxValue : long.MaxValue;

    /// <summary>Adds another histogram's counts; only the stretch that holds counts when it is a <see cref="TrackedHistogram"/> too.</summary>
    public override void Add(HistogramBase fromHistogram)
    {
        if (fromHistogram is not TrackedHistogram other)
        {
            base.Add(fromHistogram); // HdrHistogram walks the other's counts; zero counts do not widen the stretch
            return;
        }
        if (other._high < other._low)
            return;
        if (_ints is { } ints)
        {
            for (var i = other._low; i <= other._high; i++)
                ints[i] += (int)other.CountAt(i);
        }
        else
        {
            var longs = _longs!;
            for (var i = other._low; i <= other._high; i++)
                longs[i] += other.CountAt(i);
        }
        _totalCount += other._totalCount;
        _low = Math.Min(_low, other._low);
        _high = Math.Max(_high, other._high);
    }

    /// <inheritdoc/>
    public override HistogramBase Copy()
    {
        var copy = new TrackedHistogram(IsNarrow);
        copy.Add(this);
        return copy;
    }

    /// <inheritdoc/>
    protected override long GetCountAtIndex(int index) => CountAt(index);

    /// <inheritdoc/>
    protected override void SetCountAtIndex(int index, long value)
    {
        if (_ints is { } ints)
            ints[index] = (int)value;
        else
            _longs![index] = value;
        if (value != 0)
            Widen(index);
    }

    /// <inheritdoc/>
    protected override void IncrementCountAtIndex(int index)
    {
        if (_ints is { } ints)
            ints[index]++;
        else
            _longs![index]++;
        _totalCount++;
        Widen(index);
    }

    /// <inheritdoc/>
    protected override void AddToCountAtIndex(int index, long addend)
    {
        if (addend == 0)
            return;
        if (_ints is { } ints)
            ints[index] += (int)addend;
        else
            _longs![index] += addend;
        _totalCount += addend;
        Widen(index);
    }

    /// <inheritdoc/>
    protected override void ClearCounts()
    {
        if (_high >= _low)
        {
            if (_ints is { } ints)
                Array.Clear(ints, _low, _high - _low + 1);
            else
                Array.Clear(_longs!, _low, _high - _low + 1);
        }
        _totalCount = 0;
        _low = int.MaxValue;
        _high = -1;
    }

    /// <inheritdoc/>
    protected override void CopyCountsInto(long[] target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Array.Clear(target);
        var end = Math.Min(_high, target.Length - 1);
        for (var i = _low; i <= end; i++)
            target[i] = CountAt(i);
    }

    private void Widen(int index)
    {
        if (index < _low)
            _low = index;
        if (index > _high)
            _high = index;
    }
}
