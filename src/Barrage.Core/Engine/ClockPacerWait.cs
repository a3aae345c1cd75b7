namespace Barrage.Engine;

/// <summary>
/// Waits on the run's <see cref="TimeProvider"/> timers: the pacer's wait for an injected clock (a fake one in
/// tests), where whoever moves the clock runs the wake-up inline, so a test is one deterministic sequence.
/// </summary>
internal sealed class ClockPacerWait(TimeProvider time, RequestTimer timer) : IPacerWait
{
    public ValueTask<bool> UntilAsync(long dueUs, CancellationToken cancel)
    {
        var wait = WholeMilliseconds(dueUs - timer.ElapsedUs);
        return wait <= TimeSpan.Zero
            ? new ValueTask<bool>(!cancel.IsCancellationRequested)
            : new ValueTask<bool>(ClockWait.DelayAsync(time, wait, cancel));
    }

    /// <summary>
    /// Rounds a wait up to whole milliseconds: timers count in milliseconds, and a shorter wait would be
    /// rounded down to nothing and spin. Each wake-up dispatches everything due, so the rate stays exact.
    /// </summary>
    private static TimeSpan WholeMilliseconds(long us) =>
        us <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(us / 1000.0));
}
