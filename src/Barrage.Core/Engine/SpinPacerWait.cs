using System.Diagnostics;

namespace Barrage.Engine;

/// <summary>
/// The real-time pacer's wait, run on the pacer's own thread: sleeps until shortly before the instant, then
/// spins to it. The spin window follows the sleeps' measured overshoot (twice its running mean, at most
/// 200 µs), and a budget keeps the spinning under 3 % of a core: when gaps are short (high rates) or the
/// machine is busy (sleeps overshoot), the window narrows, down to none, and the pacer only sleeps.
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

    // The share of one core the spinning may take, judged over each budget period.
    private const double SpinBudget = 0.03;

    private const long CapStepUs = 2;

    private static readonly double TicksPerUs = Stopwatch.Frequency / 1e6;
    private static readonly long BudgetPeriod = Stopwatch.Frequency / 100;

    // Running mean of how late a fine sleep wakes, µs; starts at a typical Linux figure.
    private double _overshootUs = 20;
    private long _capUs = MaxWindowUs;
    private long _periodStart = Stopwatch.GetTimestamp();
    private long _periodSpin;

    /// <summary>The spin window now: how long before an instant the pacer stops sleeping.</summary>
    public long WindowUs => Math.Min(_capUs, Math.Clamp((long)(2 * _overshootUs), MinWindowUs, MaxWindowUs));

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
        return Spin(due, cancel);
    }

    private bool Spin(long due, CancellationToken cancel)
    {
        var from = Stopwatch.GetTimestamp();
        if (from < due)
        {
            while (Stopwatch.GetTimestamp() < due)
            {
                if (cancel.IsCancellationRequested)
                    return false;
                Thread.SpinWait(8);
            }
            var spun = Stopwatch.GetTimestamp() - from;
            SpinTicks += spun;
            _periodSpin += spun;
        }
        KeepToBudget(Stopwatch.GetTimestamp());
        return true;
    }

    /// <summary>
    /// Narrows the window's cap in proportion after a period (10 ms) that spun over budget, and widens it by a
    /// step after one well under: cut fast, grow slowly, so the share settles under the budget.
    /// </summary>
    private void KeepToBudget(long now)
    {
        var length = now - _periodStart;
        if (length < BudgetPeriod)
            return;
        _capUs = NextCap(_capUs, (double)_periodSpin / length);
        _periodStart = now;
        _periodSpin = 0;
    }

    /// <summary>The spin window's cap after a period that spun <paramref name="share"/> of its time.</summary>
    internal static long NextCap(long capUs, double share)
    {
        if (share > SpinBudget)
            return (long)(capUs * SpinBudget / share);
        if (share < SpinBudget / 2)
            return Math.Min(MaxWindowUs, capUs + CapStepUs);
        return capUs;
    }
}
