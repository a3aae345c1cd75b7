namespace Barrage.Engine;

/// <summary>Live state of a running test, read by progress displays; updated by the runner.</summary>
public sealed class RunProgress
{
    private int _activeUsers;
    private int _inFlight;
    private long _startTimestamp;

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

    internal void Started(long timestamp) => Volatile.Write(ref _startTimestamp, timestamp);

    internal void UserStarted() => Interlocked.Increment(ref _activeUsers);

    internal void UserStopped() => Interlocked.Decrement(ref _activeUsers);

    internal void RequestStarted() => Interlocked.Increment(ref _inFlight);

    internal void RequestEnded() => Interlocked.Decrement(ref _inFlight);
}
