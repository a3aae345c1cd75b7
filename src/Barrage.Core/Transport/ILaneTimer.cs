namespace Barrage.Transport;

/// <summary>
/// Work that runs at given instants on a lane's own thread (an event loop of <see cref="ILaneTransportFactory"/>),
/// between its I/O events: the open model's pacer, so that an arrival starts on the thread that sends it.
/// </summary>
internal interface ILaneTimer
{
    /// <summary>When <see cref="OnDue"/> is to run next, in <see cref="System.Diagnostics.Stopwatch"/> ticks; any thread may lower it, then wake the lane.</summary>
    long DueTimestamp { get; }

    /// <summary>
    /// The timer's resolution in <see cref="System.Diagnostics.Stopwatch"/> ticks: when it is due within this, the
    /// lane may leave its I/O waiting until then, to handle both in one wake-up (0: never).
    /// </summary>
    long ResolutionTicks { get; }

    /// <summary>Runs on the lane's thread once <paramref name="now"/> reached <see cref="DueTimestamp"/>; returns false to leave the lane.</summary>
    bool OnDue(long now);
}
