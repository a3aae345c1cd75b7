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

    [Fact]
    public async Task ShortGapsBackToBack_SpinWithinTheBudget_AboutATenthOfTheTime()
    {
        var start = Stopwatch.GetTimestamp();
        var wait = new SpinPacerWait(start);

        // 20 µs gaps, as at 50 000 arrivals a second, for 300 ms: shorter than any sleep, so only the budget
        // stops the pacer from spinning all the time. (Spin time is counted, not timed: a loaded machine only
        // spins less.)
        for (long due = 0; due < 300_000; due += 20)
            await wait.UntilAsync(due, CancellationToken.None);

        var elapsed = Stopwatch.GetTimestamp() - start;
        Assert.True(wait.SpinTicks < elapsed * 0.3, $"spun {wait.SpinTicks * 100.0 / elapsed:F0} % of the time; sleeps {wait.Sleeps} window {wait.WindowUs}");
    }
}
