using System.Diagnostics;

namespace Barrage.Engine;

/// <summary>
/// The real-time pacer's wait, run on the pacer's own thread: sleeps until shortly before the instant, then
/// spins to it. The spin window follows the sleeps' measured overshoot (twice its running mean, 10–200 µs),
/// so on a quiet machine the thread spins a few tens of microseconds per wake-up and sleeps the rest.
/// </summary>
/// <remarks>
/// Long waits (over a few milliseconds) sleep on the stop token's handle, so a stop wakes the pacer at once;
/// the last stretch sleeps with <see cref="PreciseSleep"/>. Not thread-safe: one pacer thread owns it.
/// </remarks>
internal sealed class SpinPacerWait(long startTimestamp) : IPacerWait
{
    private const long MinWindowUs = 10;
    private const long MaxWindowUs = 200;
    private const long CoarseAboveUs = 3_000;
    // A sleep that overshot by more was preempted: spinning cannot make up for that, and counting it would
    // widen the window until the thread spins all the time, which under CFS makes it lose the CPU for longer.
    private const long OvershootCapUs = 100;

    private static readonly double TicksPerUs = Stopwatch.Frequency / 1e6;

    // Running mean of how late a fine sleep wakes, µs; starts at a typical Linux figure.
    private double _overshootUs = 20;

    /// <summary>The spin window now: how long before an instant the pacer stops sleeping.</summary>
    public long WindowUs => Math.Clamp((long)(2 * _overshootUs), MinWindowUs, MaxWindowUs);

    /// <summary>Stopwatch ticks spent spinning, for the CPU cost of precision.</summary>
    public long SpinTicks { get; private set; }

    /// <summary>Fine sleeps taken.</summary>
    public long Sleeps { get; private set; }

    public ValueTask<bool> UntilAsync(long dueUs, CancellationToken cancel) => new(Until(dueUs, cancel));

    private bool Until(long dueUs, CancellationToken cancel)
    {
        var due = startTimestamp + (long)(dueUs * TicksPerUs);
        while (true)
        {
            if (cancel.IsCancellationRequested)
                return false;
            var now = Stopwatch.GetTimestamp();
            var sleepUs = (long)((due - now) / TicksPerUs) - WindowUs;
            if (sleepUs <= 0)
                break;
            if (sleepUs > CoarseAboveUs)
            {
                // Milliseconds are enough here; the stop token ends the wait at once.
                if (cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds((sleepUs - CoarseAboveUs / 2) / 1000)))
                    return false;
                continue;
            }
            var wake = now + (long)(sleepUs * TicksPerUs);
            if (PreciseSleep.Sleep(sleepUs))
            {
                Sleeps++;
                var overshoot = Math.Clamp((Stopwatch.GetTimestamp() - wake) / TicksPerUs, 0, OvershootCapUs);
                _overshootUs += (overshoot - _overshootUs) / 8;
            }
        }
        var spinFrom = Stopwatch.GetTimestamp();
        if (spinFrom >= due)
            return true;
        while (Stopwatch.GetTimestamp() < due)
        {
            if (cancel.IsCancellationRequested)
                return false;
            Thread.SpinWait(8);
        }
        SpinTicks += Stopwatch.GetTimestamp() - spinFrom;
        return true;
    }
}
