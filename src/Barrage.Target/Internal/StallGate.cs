namespace Barrage.Target.Internal;

/// <summary>The server-wide stall schedule: set, replaced or cleared at any time, read by every response.</summary>
internal sealed class StallGate(TimeProvider time)
{
    // schedule and its start are swapped together, so readers never see a schedule with another's start
    private sealed record Active(StallSchedule Schedule, long StartTimestamp);

    private volatile Active? _active;

    /// <summary>True while a schedule is set; the only cost a request pays when stalls are off.</summary>
    public bool IsActive => _active is not null;

    /// <summary>The schedule in force, or null.</summary>
    public StallSchedule? Schedule => _active?.Schedule;

    /// <summary>Sets (and restarts) the schedule, or clears it with null.</summary>
    public void Set(StallSchedule? schedule) =>
        _active = schedule is null || schedule.For <= TimeSpan.Zero ? null : new Active(schedule, time.GetTimestamp());

    /// <summary>How long a response starting now must wait.</summary>
    public TimeSpan RemainingStall()
    {
        var active = _active;
        return active is null ? TimeSpan.Zero : active.Schedule.RemainingStall(time.GetElapsedTime(active.StartTimestamp));
    }

    /// <summary>How long until the next window opens (zero when one is open), or null when stalls are off.</summary>
    public TimeSpan? UntilNextWindow()
    {
        var active = _active;
        return active?.Schedule.UntilNextWindow(time.GetElapsedTime(active.StartTimestamp));
    }

    /// <summary>Waits out the current window, if any; returns false when cancelled instead of throwing.</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        var remaining = RemainingStall();
        if (remaining <= TimeSpan.Zero)
            return true;
        try
        {
            await Task.Delay(remaining, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
