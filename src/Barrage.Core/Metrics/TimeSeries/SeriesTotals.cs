namespace Barrage.Metrics.TimeSeries;

/// <summary>A run's totals per tag and over all tags, added up from sealed slices (late deltas included).</summary>
public sealed class SeriesTotals
{
    private readonly Dictionary<string, SeriesStats> _byTag = new(StringComparer.Ordinal);

    /// <summary>Every sample of the run.</summary>
    public SeriesStats Overall { get; } = new();

    /// <summary>Totals by tag.</summary>
    public IReadOnlyDictionary<string, SeriesStats> ByTag => _byTag;

    /// <summary>The last second seen; -1 before any.</summary>
    public long LastSecond { get; private set; } = -1;

    /// <summary>Adds a slice: the row of all tags to <see cref="Overall"/>, a tag's row to its total.</summary>
    public void Add(SeriesSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        LastSecond = Math.Max(LastSecond, slice.Second);
        if (slice.Tag is null)
        {
            Overall.Add(slice.Stats);
            return;
        }
        if (!_byTag.TryGetValue(slice.Tag, out var total))
            _byTag.Add(slice.Tag, total = new SeriesStats());
        total.Add(slice.Stats);
    }
}
