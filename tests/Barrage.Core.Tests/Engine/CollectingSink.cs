using System.Collections.Concurrent;

namespace Barrage.Engine;

/// <summary>Keeps every sample, for tests that look at scheduled and actual times one by one.</summary>
internal sealed class CollectingSink : ISampleSink
{
    private readonly ConcurrentQueue<Sample> _samples = new();

    public IReadOnlyList<Sample> Samples => [.. _samples];

    public void Record(in Sample sample) => _samples.Enqueue(sample);
}
