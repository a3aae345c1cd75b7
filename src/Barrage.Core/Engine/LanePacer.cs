using System.Diagnostics;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// The open model's pacer on one lane of an <see cref="ILaneTransportFactory"/> (an event loop): a timer that the
/// loop runs between its I/O events at each arrival's instant. It decides as <see cref="ArrivalPacer"/> does, over
/// the lane's interleaved share of the arrivals, and starts each due arrival on the loop's own thread, where its
/// request is sent and its response read: no thread is woken to hand an arrival over.
/// </summary>
/// <remarks>
/// Not thread-safe: <see cref="OnDue"/> runs on the lane's thread only. A stop (the soft token) makes the timer due
/// at once; whoever cancels must wake the lane (<see cref="ILaneTransportFactory.Wake"/>).
/// </remarks>
internal sealed class LanePacer : ILaneTimer, IDisposable
{
    // Arrivals one wake-up starts at most before the loop looks at its I/O again (and expires those waiting too long).
    private const int MaxBatch = 256;

    private static readonly double TicksPerUs = Stopwatch.Frequency / 1e6;

    private readonly int _lane;
    private readonly ArrivalPacer _pacer;
    private readonly long _startTimestamp;
    private readonly long _endUs;
    private readonly IArrivalDispatcher _dispatcher;
    private readonly long _tickUs;
    private readonly bool _deferReads;
    private readonly CancellationToken _soft;
    private readonly List<long> _due = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _dueTimestamp;

    /// <param name="lane">The lane this pacer runs on, passed on with each arrival.</param>
    /// <param name="arrivals">The lane's arrival times from the run's start, in order.</param>
    /// <param name="startTimestamp">The run's start, in <see cref="Stopwatch"/> ticks.</param>
    /// <param name="endUs">The end of the schedule: the pacer is done then (or on a stop), not at its last arrival.</param>
    /// <param name="dispatcher">Starts (or queues) each arrival, and drops those that waited too long.</param>
    /// <param name="soft">The stop: no arrival starts once it fired.</param>
    /// <param name="tickUs">
    /// The least time between two wake-ups: arrivals closer together than that start together, up to
    /// <paramref name="tickUs"/> late (each keeps its own scheduled time); arrivals further apart start on time.
    /// </param>
    /// <param name="deferReads">
    /// Whether responses may wait in their sockets for the next wake-up (<see cref="ResolutionTicks"/>). A request's
    /// own times are the kernel's either way; but a group's time runs from its first request to the read of its last,
    /// so a plan with groups reads each response as it comes.
    /// </param>
    public LanePacer(int lane, IEnumerable<TimeSpan> arrivals, long startTimestamp, long endUs, IArrivalDispatcher dispatcher, CancellationToken soft, long tickUs = 0,
        bool deferReads = true)
    {
        _deferReads = deferReads;
        _lane = lane;
        _pacer = new ArrivalPacer(arrivals);
        _startTimestamp = startTimestamp;
        _endUs = endUs;
        _dispatcher = dispatcher;
        _soft = soft;
        _tickUs = tickUs;
        _dueTimestamp = At(_pacer.HasNext ? _pacer.NextDueUs : endUs);
    }

    /// <summary>Completes when the schedule is over or a stop came, once this lane started its last arrival.</summary>
    public Task Done => _done.Task;

    public long DueTimestamp => _soft.IsCancellationRequested ? 0 : Volatile.Read(ref _dueTimestamp);

    /// <summary>
    /// The resolution, so that responses may wait for the next wake-up; none while arrivals wait in line for a slot
    /// (a response read at once frees its slot for them at once), and none when reads may not wait at all.
    /// </summary>
    public long ResolutionTicks => !_deferReads || _dispatcher.HasWaiting ? 0 : (long)(_tickUs * TicksPerUs);

    public bool OnDue(long now)
    {
        try
        {
            if (!_soft.IsCancellationRequested && Next(now))
                return true;
            _done.TrySetResult();
        }
#pragma warning disable CA1031 // The failure belongs to whoever awaits the run, not to the loop that ran the timer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _done.TrySetException(e);
        }
        return false;
    }

    public void Dispose() => _pacer.Dispose();

    /// <summary>Starts what is due; false once the schedule is over.</summary>
    private bool Next(long now)
    {
        var nowUs = (long)((now - _startTimestamp) / TicksPerUs);
        if (_pacer.HasNext)
        {
            if (_pacer.TakeDue(nowUs, _due, MaxBatch) > 0)
            {
                foreach (var scheduledUs in _due)
                {
                    if (_soft.IsCancellationRequested)
                        return false;
                    _dispatcher.Dispatch(_lane, scheduledUs);
                }
                _due.Clear();
            }
            _dispatcher.ExpireWaiting();
            if (_pacer.HasNext)
            {
                Volatile.Write(ref _dueTimestamp, At(_pacer.NextWakeUs(nowUs, _tickUs)));
                return true;
            }
        }
        // The run lasts as long as its schedule, even when the last arrival comes early in its last second.
        if (nowUs >= _endUs)
            return false;
        Volatile.Write(ref _dueTimestamp, At(_endUs));
        return true;
    }

    private long At(long us) => _startTimestamp + (long)(us * TicksPerUs);
}
