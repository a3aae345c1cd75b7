namespace Barrage.Cluster.Tests;

public sealed class ClockOffsetTests
{
    [Fact]
    public void TheShortestRoundTrip_Decides_TakingTheAgentsReadingAsItsMiddle()
    {
        // Agent clock 5 000 µs ahead; the second trip is the shortest (200 µs) and symmetric.
        var offset = ClockOffset.From([(0, 5_900, 1_000), (10_000, 15_100, 10_200), (20_000, 25_000, 20_600)]);

        Assert.Equal(5_000, offset.OffsetUs);
        Assert.Equal(100, offset.UncertaintyUs);
        Assert.Equal("+5.00 ms (±0.10 ms)", offset.ToString());
    }

    [Fact]
    public void NoRoundTrip_IsAnError() => Assert.Throws<ArgumentException>(() => ClockOffset.From([]));
}
