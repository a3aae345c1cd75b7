namespace Barrage.Engine;

/// <summary>Live state of a running test, read by progress displays; updated by the runner.</summary>
public sealed class RunProgress
{
    private int _activeUsers;
    private int _inFlight;
    private long _startTimestamp;
    private long _arrivalsDue;
    private long _arrivalsSent;
    private long _arrivalsCompleted;
    private long _arrivalsDropped;
    private int _waiting;

    /// <summary>Users currently running their scenario.</summary>
    public int ActiveUsers => Volatile.Read(ref _activeUsers);

    /// <summary>Requests currently waiting for their response.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The users the load model runs once ramped up.</summary>
    public int PlannedUsers { get; internal set; }

    /// <summary>When the load started, in <see cref="TimeProvider"/> timestamps; 0 before the start.</summary>
    public long StartTimestamp => Volatile.Read(ref _startTimestamp);

    /// <summary>The run's planned length; null when it ends by iterations.</summary>
    public TimeSpan? PlannedDuration { get; internal set; }

    /// <summary>True once the test stopped starting new work (duration over, iterations done, or interrupted).</summary>
    public bool Stopping { get; internal set; }

    /// <summary>Closed (users) or open (arrivals on a schedule).</summary>
    public Plans.LoadModel Model { get; internal set; }

    /// <summary>Open model: the arrivals the schedule plans in all (for Poisson arrivals, the expected number).</summary>
    public long PlannedArrivals { get; internal set; }

    /// <summary>Open model: arrivals whose scheduled time has come.</summary>
    public long ArrivalsDue => Interlocked.Read(ref _arrivalsDue);

    /// <summary>Open model: arrivals that got a slot and started (their first request went out).</summary>
    public long ArrivalsSent => Interlocked.Read(ref _arrivalsSent);

    /// <summary>Open model: arrivals whose request (or iteration of main) has finished.</summary>
    public long ArrivalsCompleted => Interlocked.Read(ref _arrivalsCompleted);

    /// <summary>Open model: arrivals that waited for a slot longer than <c>late_after</c> (or past the stop) and were not sent.</summary>
    public long ArrivalsDropped => Interlocked.Read(ref _arrivalsDropped);

    /// <summary>Open model: arrivals due and waiting for a free slot right now.</summary>
    public int ArrivalsWaiting => Volatile.Read(ref _waiting);

    /// <summary>Open model: the most arrivals in flight at once.</summary>
    public int MaxInFlight { get; internal set; }

    /// <summary>Sets every count at once from the sums of a cluster's agents, whose runners count for them.</summary>
    internal void Mirror(int activeUsers, int inFlight, long due, long sent, long completed, long dropped, int waiting)
    {
        Volatile.Write(ref _activeUsers, activeUsers);
        Volatile.Write(ref _inFlight, inFlight);
        Interlocked.Exchange(ref _arrivalsDue, due);
        Interlocked.Exchange(ref _arrivalsSent, sent);
        Interlocked.Exchange(ref _arrivalsCompleted, completed);
        Interlocked.Exchange(ref _arrivalsDropped, dropped);
        Volatile.Write(ref _waiting, waiting);
    }

    internal void ArrivalDue() => Interlocked.Increment(ref _arrivalsDue);

    internal void ArrivalSent() => Interlocked.Increment(ref _arrivalsSent);

    internal void ArrivalCompleted() => Interlocked.Increment(ref _arrivalsCompleted);

    internal void ArrivalDropped() => Interlocked.Increment(ref _arrivalsDropped);

    internal void WaitingChanged(int delta) => Interlocked.Add(ref _waiting, delta);

    internal void Started(long timestamp) => Volatile.Write(ref _startTimestamp, timestamp);

    internal void UserStarted() => Interlocked.Increment(ref _activeUsers);

    internal void UserStopped() => Interlocked.Decrement(ref _activeUsers);

    internal void RequestStarted() => Interlocked.Increment(ref _inFlight);

    internal void RequestEnded() => Interlocked.Decrement(ref _inFlight);
}
