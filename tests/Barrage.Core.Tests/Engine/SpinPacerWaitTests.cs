using System.Diagnostics;

namespace Barrage.Engine;

/// <summary>The real-clock wait: never early, and a stop ends it. No assertion on how late it wakes.</summary>
public sealed class SpinPacerWaitTests
{
    [Fact]
    public async Task UntilAsync_NeverReturnsBeforeTheInstant()
    {
        var start = Stopwatch.GetTimestamp();
        var wait = new SpinPacerWait(start);

        // Short gaps (spin only), sub-millisecond ones (fine sleep + spin) and a longer one (coarse sleep first).
        foreach (var dueUs in new long[] { 50, 300, 1_000, 2_500, 8_000 })
        {
            Assert.True(await wait.UntilAsync(dueUs, CancellationToken.None));
            Assert.True(Stopwatch.GetElapsedTime(start).Ticks / 10 >= dueUs, $"woke before {dueUs} µs");
        }
    }

    [Fact]
    public async Task UntilAsync_AnInstantAlreadyPassed_ReturnsAtOnce()
    {
        var wait = new SpinPacerWait(Stopwatch.GetTimestamp() - Stopwatch.Frequency);

        Assert.True(await wait.UntilAsync(1_000, CancellationToken.None));
        Assert.Equal(0, wait.SpinTicks);
    }

    [Fact]
    public async Task UntilAsync_Stopped_ReturnsFalse_WithoutWaitingForTheInstant()
    {
        var wait = new SpinPacerWait(Stopwatch.GetTimestamp());
        using var stop = new CancellationTokenSource();

        // An hour away, on a thread of its own as the pacer runs it; the stop must end it.
        var waiting = Task.Factory.StartNew(() => wait.UntilAsync(3_600_000_000, stop.Token).AsTask(), TaskCreationOptions.LongRunning).Unwrap();
        stop.Cancel();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(200, 1.0, 6)]    // spun all the time: the cap falls to the budget's share (3 %) at once
    [InlineData(200, 0.06, 100)] // twice the budget: halved
    [InlineData(40, 0.02, 40)]   // under the budget but not far: kept
    [InlineData(40, 0.0, 42)]    // idle: grows back by a step
    [InlineData(0, 0.0, 2)]      // from nothing too, so a quiet spell brings precision back
    [InlineData(200, 0.0, 200)]  // never past 200 µs
    public void NextCap_CutsInProportionOverBudget_GrowsByStepsUnder(long cap, double share, long expected)
    {
        Assert.Equal(expected, SpinPacerWait.NextCap(cap, share));
    }
}
