using Barrage.Engine;

namespace Barrage.Metrics;

/// <summary>
/// Aggregates samples from many generator threads without a shared hot lock: samples go to one of a few
/// shards (picked by the current processor), each with its own uncontended lock and aggregate. A single
/// reader calls <see cref="Flush"/> (typically once a second) to move what the shards gathered into an
/// interval aggregate and the running total; merging is exact.
/// </summary>
public sealed class MetricsCollector : ISampleSink
{
    private readonly Shard[] _shards;
    private readonly Lock _flushLock = new();

    public MetricsCollector()
    {
        _shards = new Shard[Math.Max(2, Environment.ProcessorCount * 2)];
        for (var i = 0; i < _shards.Length; i++)
            _shards[i] = new Shard();
    }

    /// <summary>Everything flushed so far.</summary>
    /// <remarks>Read it only from the thread that calls <see cref="Flush"/>, or after the run.</remarks>
    public Aggregate Total { get; } = new();

    /// <summary>Adds an aggregate measured elsewhere (a cluster agent's second); the next flush passes it on like recorded samples.</summary>
    public void Merge(Aggregate measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var shard = _shards[0];
        lock (shard.Gate)
            shard.Current.Add(measured);
    }

    public void Record(in Sample sample)
    {
        if (sample.IsGroup)
            return; // its requests are in the totals already
        var shard = _shards[(uint)Thread.GetCurrentProcessorId() % (uint)_shards.Length];
        lock (shard.Gate)
            shard.Current.Add(sample);
    }

    public void RecordCheck(in CheckSample check)
    {
        var shard = _shards[(uint)Thread.GetCurrentProcessorId() % (uint)_shards.Length];
        lock (shard.Gate)
            shard.Current.Add(check);
    }

    /// <summary>
    /// Moves what the shards gathered since the last flush into <paramref name="interval"/> (which is reset
    /// first) and into <see cref="Total"/>.
    /// </summary>
    public void Flush(Aggregate interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        lock (_flushLock)
        {
            interval.Reset();
            foreach (var shard in _shards)
            {
                Aggregate taken;
                lock (shard.Gate)
                {
                    taken = shard.Current;
                    shard.Current = shard.Spare;
                    shard.Spare = taken;
                }
                // The swapped-out aggregate is ours until the next flush swaps it back in. An empty one (a shard no
                // thread ran on) is skipped: adding and clearing its histograms walks ~70k counts for nothing.
                if (taken.IsEmpty)
                    continue;
                interval.Add(taken);
                taken.Reset();
            }
            Total.Add(interval);
        }
    }

    private sealed class Shard
    {
        public readonly Lock Gate = new();
        public Aggregate Current = new();
        public Aggregate Spare = new();
    }
}
