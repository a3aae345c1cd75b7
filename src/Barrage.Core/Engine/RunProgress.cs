using System.Numerics;
using System.Runtime.InteropServices;

namespace Barrage.Engine;

/// <summary>Live state of a running test, read by progress displays; updated by the runner.</summary>
public sealed class RunProgress
{
    // Requests in flight, counted per processor: every request changes the count twice, from every loop thread, and
    // one shared counter would bounce its cache line between the cores on each change. Read as the sum of the stripes.
    private readonly InFlightStripe[] _inFlight = new InFlightStripe[Math.Min(64, (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount))];
    private int _activeUsers;
    private long _startTimestamp;
    private long _arrivalsDue;
    private long _arrivalsSent;
    private long _arrivalsCompleted;
    private long _arrivalsDropped;
    private int _waiting;

    /// <summary>Users currently running their scenario.</summary>
    public int ActiveUsers => Volatile.Read(ref _activeUsers);

    /// <summary>Requests currently waiting for their response.</summary>
    public int InFlight
    {
        get
        {
            var sum = 0;
            for (var i = 0; i < _inFlight.Length; i++)
                sum += Volatile.Read(ref _inFlight[i].Count);
            // Read while requests move between stripes, the sum can be off for a moment, but never counts below zero.
            return Math.Max(0, sum);
        }
    }

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
        for (var i = 1; i < _inFlight.Length; i++)
            Volatile.Write(ref _inFlight[i].Count, 0);
        Volatile.Write(ref _inFlight[0].Count, inFlight);
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

    // A request may end on another processor than it started on: a stripe can go below zero, the sum cannot.
    internal void RequestStarted() => Interlocked.Increment(ref _inFlight[Thread.GetCurrentProcessorId() & (_inFlight.Length - 1)].Count);

    internal void RequestEnded() => Interlocked.Decrement(ref _inFlight[Thread.GetCurrentProcessorId() & (_inFlight.Length - 1)].Count);

    // A cache line of its own (128 bytes: adjacent-line prefetch pairs 64-byte lines), the count in the middle.
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct InFlightStripe
    {
        [FieldOffset(64)]
        public int Count;
    }
}
