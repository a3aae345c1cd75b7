using Barrage.Target.Internal;

namespace Barrage.Target.Tests.Internal;

public sealed class CappedCountersTests
{
    [Fact]
    public void Increment_PastTheCap_CountsUnderOther()
    {
        var counters = new CappedCounters(maxKeys: 2);
        counters.Increment("a");
        counters.Increment("b");
        counters.Increment("a");
        counters.Increment("c");
        counters.Increment("d");

        Assert.Equal(new Dictionary<string, long> { ["a"] = 2, ["b"] = 1, [CappedCounters.OtherKey] = 2 }, counters.Snapshot());
    }

    [Fact]
    public void Clear_ForgetsKeysAndFreesTheCap()
    {
        var counters = new CappedCounters(maxKeys: 1);
        counters.Increment("a");
        counters.Clear();
        counters.Increment("b");

        Assert.Equal(new Dictionary<string, long> { ["b"] = 1 }, counters.Snapshot());
    }

    [Fact]
    public async Task Increment_FromManyThreads_LosesNothing()
    {
        var counters = new CappedCounters(maxKeys: 10);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++)
                counters.Increment("k" + (i % 3));
        })));

        var snapshot = counters.Snapshot();
        Assert.Equal(40_000, snapshot.Values.Sum());
        Assert.Equal(3, snapshot.Count);
    }
}
