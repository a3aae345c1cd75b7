using System.Collections.Concurrent;
using Barrage.Engine;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>Keeps every sample, in order, for tests that look at them one by one.</summary>
internal sealed class CollectingSink : ISampleSink
{
    private readonly ConcurrentQueue<Sample> _samples = new();

    public IReadOnlyList<Sample> Samples => [.. _samples];

    public void Record(in Sample sample) => _samples.Enqueue(sample);
}
