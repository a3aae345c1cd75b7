using System.Collections.Concurrent;
using Barrage.Engine;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>Keeps every sample and check verdict, in order, for tests that look at them one by one.</summary>
internal sealed class CollectingSink : ISampleSink
{
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly ConcurrentQueue<CheckSample> _checks = new();

    public IReadOnlyList<Sample> Samples => [.. _samples];

    public IReadOnlyList<CheckSample> Checks => [.. _checks];

    public void Record(in Sample sample) => _samples.Enqueue(sample);

    public void RecordCheck(in CheckSample check) => _checks.Enqueue(check);

    /// <summary>How many verdicts of the check named <paramref name="name"/> passed (or failed).</summary>
    public int Count(string name, bool passed) => _checks.Count(c => c.Check == name && c.Passed == passed);
}
