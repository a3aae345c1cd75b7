using Barrage.Engine;
using Barrage.Metrics;

namespace Barrage.Scenarios;

/// <summary>Aggregates samples in all and per tag under one lock: for library runs and tests, not for the CLI's hot path.</summary>
internal sealed class TagTotals : ISampleSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Aggregate> _byTag = new(StringComparer.Ordinal);

    public Aggregate Total { get; } = new();

    public IReadOnlyDictionary<string, Aggregate> ByTag
    {
        get
        {
            lock (_gate)
                return new Dictionary<string, Aggregate>(_byTag, StringComparer.Ordinal);
        }
    }

    public void Record(in Sample sample)
    {
        lock (_gate)
        {
            if (!sample.IsGroup)
                Total.Add(sample); // a group's requests are in the total already
            if (!_byTag.TryGetValue(sample.Tag, out var tag))
                _byTag[sample.Tag] = tag = new Aggregate();
            tag.Add(sample);
        }
    }
}
