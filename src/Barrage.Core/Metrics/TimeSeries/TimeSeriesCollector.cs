using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Barrage.Engine;

namespace Barrage.Metrics.TimeSeries;

/// <summary>
/// Aggregates samples per second (of <see cref="Sample.StartUs"/>) and per tag, plus a row of all tags.
/// </summary>
/// <remarks>
/// A sample goes to one of a few shards (picked by the current processor, each with its own uncontended lock). A
/// shard counts the samples of at most <see cref="DirectStatsPerShard"/> (second, tag) pairs into stats of its own
/// (the usual case: one tag, the current second and at its start the one before); samples of further pairs are
/// copied into its buffer instead, since per-shard histograms for every tag would cost half a megabyte per tag,
/// second and shard. A single reader calls <see cref="Flush"/> about once a second; it takes the shards' stats and
/// buffers and adds them into the open seconds, so the result is exactly what one aggregate of all samples would
/// be whatever the shard count. Counting directly is what keeps memory flat at high rates: a buffer holds a
/// second of samples (~100 bytes each, ~7 MB per shard at 70 000 requests per second).
/// <para>
/// Memory stays flat however long the run: a second is sealed, handed to the caller and its stats recycled
/// once <see cref="SealDelay"/> has passed after its end; only the open seconds and the buffers (one second
/// of samples) stay in memory. A sample of an already sealed second (a request that started before the
/// second was sealed and ended after) comes out as a late delta of that second (<see cref="SeriesSlice.IsLate"/>).
/// At most <see cref="MaxTags"/> distinct tags are kept apart; samples of further tags go to <see cref="OtherTag"/>.
/// </para>
/// </remarks>
public sealed class TimeSeriesCollector : ISampleSink
{
    /// <summary>How many distinct tags are kept apart.</summary>
    public const int MaxTags = 100;

    /// <summary>The tag that collects samples of tags beyond <see cref="MaxTags"/>.</summary>
    public const string OtherTag = "(other tags)";

    /// <summary>How many (second, tag) pairs a shard counts directly between two flushes; further pairs are buffered.</summary>
    public const int DirectStatsPerShard = 2;

    /// <summary>How long after its end a second is sealed, in microseconds.</summary>
    /// <remarks>Defaults to 1 s: samples are recorded when they end, and most end well within it.</remarks>
    public long SealDelay { get; init; } = DefaultSealDelay;

    /// <summary>The default <see cref="SealDelay"/>: 1 s.</summary>
    public const long DefaultSealDelay = 1_000_000;

    /// <summary>
    /// The tags of the plan's groups (<see cref="Plans.Scenario.GroupTags"/>): each has its own rows, but the row of all
    /// tags leaves them out, since their requests are counted there already.
    /// </summary>
    public IReadOnlySet<string> GroupTags { get; init; } = new HashSet<string>();

    private const long MicrosPerSecond = 1_000_000;

    private readonly Shard[] _shards;
    private readonly Lock _flushLock = new();
    // The open seconds: few at a time (the current one and those waiting out SealDelay), so the oldest is found by a
    // scan. Not a SortedDictionary: its generic code over these types (SortedSet of a struct, its nodes, enumerator and
    // stack) is compiled at run time, about 40 methods that every run paid for at its start.
    private readonly Dictionary<long, Dictionary<string, SeriesStats>> _open = [];
    private readonly Dictionary<(long Second, string Tag), SeriesStats> _late = [];
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private readonly (long Second, string Tag, SeriesStats Stats)[] _takenDirect = new (long, string, SeriesStats)[DirectStatsPerShard];
    private readonly ConcurrentStack<SeriesStats> _pool = new(); // the flush and the shards rent from it; the flush returns to it
    private long _sealedThrough = -1;

    /// <summary>Creates a collector with one shard per two processors' worth of threads.</summary>
    public TimeSeriesCollector()
        : this(Math.Max(2, Environment.ProcessorCount * 2))
    {
    }

    /// <summary>Creates a collector with <paramref name="shards"/> shards (tests compare shard counts).</summary>
    public TimeSeriesCollector(int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _shards = new Shard[shards];
        for (var i = 0; i < shards; i++)
            _shards[i] = new Shard();
    }

    /// <summary>The last second sealed so far; -1 before the first.</summary>
    public long SealedThrough => Volatile.Read(ref _sealedThrough);

    public void Record(in Sample sample)
    {
        var shard = _shards[(uint)Thread.GetCurrentProcessorId() % (uint)_shards.Length];
        var second = Second(sample.StartUs);
        lock (shard.Gate)
        {
            if (shard.Direct(second, sample.Tag, _pool) is { } stats)
                stats.Add(sample);
            else
                shard.Buffer.Add(sample);
        }
    }

    /// <summary>Counts a check verdict in the second and tag of the request it judged (<see cref="CheckSample.StartUs"/>).</summary>
    public void RecordCheck(in CheckSample check)
    {
        var shard = _shards[(uint)Thread.GetCurrentProcessorId() % (uint)_shards.Length];
        lock (shard.Gate)
            shard.Checks.Add(check);
    }

    /// <summary>
    /// Aggregates what was recorded since the last flush and seals every second that ended at least
    /// <see cref="SealDelay"/> before <paramref name="nowUs"/> (microseconds since the run started): for each,
    /// in order of seconds, <paramref name="sealedSlice"/> gets one slice per tag and then the row of all tags.
    /// Late deltas come after. The slices' stats are recycled when the callback returns.
    /// </summary>
    public void Flush(long nowUs, Action<SeriesSlice> sealedSlice)
    {
        ArgumentNullException.ThrowIfNull(sealedSlice);
        lock (_flushLock)
        {
            foreach (var shard in _shards)
            {
                List<Sample> taken;
                List<CheckSample> takenChecks;
                int directCount;
                lock (shard.Gate)
                {
                    taken = shard.Buffer;
                    shard.Buffer = shard.Spare;
                    shard.Spare = taken;
                    takenChecks = shard.Checks;
                    shard.Checks = shard.SpareChecks;
                    shard.SpareChecks = takenChecks;
                    directCount = shard.TakeDirect(_takenDirect);
                }
                for (var i = 0; i < directCount; i++)
                {
                    var (second, tag, counted) = _takenDirect[i];
                    _takenDirect[i] = default;
                    // The first stats of a (second, tag) become its stats as they are; later ones are added in.
                    ref var slot = ref Slot(second, tag);
                    if (slot is null)
                    {
                        slot = counted;
                        continue;
                    }
                    slot.Add(counted);
                    Return(counted);
                }
                // The swapped-out buffers are ours until the next flush swaps them back in. Runs of samples share
                // their second and tag (with one tag, all do but at second boundaries): one lookup per run.
                SeriesStats? stats = null;
                long statsSecond = -1;
                string? statsTag = null;
                foreach (ref readonly var sample in CollectionsMarshal.AsSpan(taken))
                {
                    var second = Second(sample.StartUs);
                    if (stats is null || second != statsSecond || !ReferenceEquals(sample.Tag, statsTag))
                    {
                        stats = StatsFor(sample.StartUs, sample.Tag);
                        statsSecond = second;
                        statsTag = sample.Tag;
                    }
                    stats.Add(sample);
                }
                taken.Clear();
                foreach (var check in takenChecks)
                    StatsFor(check.StartUs, check.Tag).Add(check);
                takenChecks.Clear();
            }

            var sealBefore = nowUs == long.MaxValue ? long.MaxValue : (nowUs - SealDelay) / MicrosPerSecond;
            while (_open.Count > 0)
            {
                var second = OldestOpen();
                if (second >= sealBefore)
                    break;
                _open.Remove(second, out var tags);
                Emit(second, tags!, isLate: false, sealedSlice);
                Volatile.Write(ref _sealedThrough, second);
            }
            if (_late.Count > 0)
            {
                foreach (var group in _late.GroupBy(kv => kv.Key.Second).OrderBy(g => g.Key))
                {
                    var tags = group.ToDictionary(kv => kv.Key.Tag, kv => kv.Value, StringComparer.Ordinal);
                    Emit(group.Key, tags, isLate: true, sealedSlice);
                }
                _late.Clear();
            }
        }
    }

    /// <summary>
    /// Adds a tag's second measured elsewhere (a cluster agent's sealed slice) as if its samples had been recorded
    /// here: into the open second, or as a late delta when that second is sealed already. Rows of all tags are
    /// ignored, since sealing adds them up again from the tags.
    /// </summary>
    public void Merge(SeriesSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (slice.Tag is null)
            return;
        lock (_flushLock)
            StatsFor(Math.Max(0, slice.Second) * MicrosPerSecond, slice.Tag).Add(slice.Stats);
    }

    /// <summary>Flushes everything, sealing every second: call once the run is over.</summary>
    public void Complete(Action<SeriesSlice> sealedSlice) => Flush(long.MaxValue, sealedSlice);

    private long OldestOpen()
    {
        var oldest = long.MaxValue;
        foreach (var (second, _) in _open)
            oldest = Math.Min(oldest, second);
        return oldest;
    }

    private static long Second(long startUs) => Math.Max(0, startUs) / MicrosPerSecond;

    private SeriesStats StatsFor(long startUs, string sampleTag)
    {
        ref var slot = ref Slot(Second(startUs), sampleTag);
        return slot ??= Rent();
    }

    /// <summary>Where the stats of (<paramref name="second"/>, <paramref name="sampleTag"/>) are kept: an open second, or a late delta of a sealed one; null when there are none yet.</summary>
    private ref SeriesStats? Slot(long second, string sampleTag)
    {
        var tag = Intern(sampleTag);
        if (second <= _sealedThrough)
            return ref CollectionsMarshal.GetValueRefOrAddDefault(_late, (second, tag), out _);
        if (!_open.TryGetValue(second, out var tags))
            _open.Add(second, tags = new Dictionary<string, SeriesStats>(StringComparer.Ordinal));
        return ref CollectionsMarshal.GetValueRefOrAddDefault(tags, tag, out _);
    }

    private void Emit(long second, Dictionary<string, SeriesStats> tags, bool isLate, Action<SeriesSlice> sealedSlice)
    {
        // With one tag, its stats are the row of all tags too: no copy of six histograms each second. Not with groups,
        // whose rows the row of all leaves out.
        var all = tags.Count == 1 && GroupTags.Count == 0 ? null : Rent();
        try
        {
            SeriesStats? only = null;
            // Tags in ordinal order, sorted as an array: LINQ's OrderBy over these pairs is generic code compiled at run time.
            var names = new string[tags.Count];
            tags.Keys.CopyTo(names, 0);
            Array.Sort(names, StringComparer.Ordinal);
            foreach (var tag in names)
            {
                var stats = tags[tag];
                if (!IsGroup(tag))
                    all?.Add(stats);
                only = stats;
                sealedSlice(new SeriesSlice(second, tag, stats, isLate));
            }
            sealedSlice(new SeriesSlice(second, null, all ?? only!, isLate));
        }
        finally
        {
            foreach (var stats in tags.Values)
                Return(stats);
            if (all is not null)
                Return(all);
        }
    }

    private bool IsGroup(string tag) => GroupTags.Count > 0 && GroupTags.Contains(tag);

    private string Intern(string tag)
    {
        if (_tags.TryGetValue(tag, out var known))
            return known;
        if (_tags.Count >= MaxTags)
            return OtherTag;
        _tags.Add(tag, tag);
        return tag;
    }

    private SeriesStats Rent() => _pool.TryPop(out var stats) ? stats : new SeriesStats(perSecond: true);

    private void Return(SeriesStats stats)
    {
        stats.Reset();
        _pool.Push(stats);
    }

    private sealed class Shard
    {
        public readonly Lock Gate = new();
        public List<Sample> Buffer = [];
        public List<Sample> Spare = [];
        public List<CheckSample> Checks = [];
        public List<CheckSample> SpareChecks = [];
        private readonly long[] _seconds = new long[DirectStatsPerShard];
        private readonly string?[] _tags = new string?[DirectStatsPerShard];
        private readonly SeriesStats?[] _stats = new SeriesStats?[DirectStatsPerShard];
        private int _count;

        /// <summary>The stats this shard counts (<paramref name="second"/>, <paramref name="tag"/>) into; null when it has no room. Under <see cref="Gate"/>.</summary>
        public SeriesStats? Direct(long second, string tag, ConcurrentStack<SeriesStats> pool)
        {
            for (var i = 0; i < _count; i++)
            {
                if (_seconds[i] == second && string.Equals(_tags[i], tag, StringComparison.Ordinal))
                    return _stats[i];
            }
            if (_count == DirectStatsPerShard)
                return null;
            if (!pool.TryPop(out var stats))
                stats = new SeriesStats(perSecond: true);
            _seconds[_count] = second;
            _tags[_count] = tag;
            _stats[_count] = stats;
            _count++;
            return stats;
        }

        /// <summary>Moves the directly counted stats into <paramref name="into"/>; returns how many. Under <see cref="Gate"/>.</summary>
        public int TakeDirect((long Second, string Tag, SeriesStats Stats)[] into)
        {
            var count = _count;
            for (var i = 0; i < count; i++)
            {
                into[i] = (_seconds[i], _tags[i]!, _stats[i]!);
                _tags[i] = null;
                _stats[i] = null;
            }
            _count = 0;
            return count;
        }
    }
}
