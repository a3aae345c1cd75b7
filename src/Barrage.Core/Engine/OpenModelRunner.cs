using Barrage.Load;
using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// Runs a plan's open model: arrivals start at the times the schedule plans, whatever the target does.
/// A dispatcher (the pacer) decides when; slots (each a transport, so a connection, with its own session)
/// do the work; workers never sleep on their own. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// <para>An arrival is one request (ammo, or a <c>main</c> of one request) or one iteration of <c>main</c>;
/// the first request of an iteration is scheduled at the arrival's time, the next ones when the one before
/// ends. A slot runs <c>init</c> once, before its first arrival (so a new slot's set-up shows in that
/// arrival's dispatch lag), and <c>end</c> once when the run stops.</para>
/// <para>Pacing: on the system clock with transports driven by event loops (<see cref="ILaneTransportFactory"/>),
/// each loop paces its interleaved share of the arrivals between its I/O events (<see cref="LanePacer"/>) and
/// starts them on its own thread, on slots whose connections it drives; with other transports a thread of its own
/// sleeps until shortly before each arrival and spins to the instant (<see cref="SpinPacerWait"/>), then starts
/// the arrival inline, up to its transport's first wait; an injected clock (tests) is waited on through its
/// timers. All decide alike (<see cref="ArrivalPacer"/>): each wake-up starts every arrival due by then. What an
/// arrival does is <see cref="ArrivalWork"/>'s business.</para>
/// <para>At most <see cref="LoadSpec.MaxInFlight"/> arrivals run at once. An arrival that finds every slot
/// busy waits in line; one that would start more than <see cref="LoadSpec.LateAfter"/> after its scheduled
/// time is not sent but recorded as a sample with <see cref="NetCodes.Dropped"/> (777) and tag <c>dropped</c>.
/// Arrivals still waiting when the run stops are dropped too: nothing due is silently skipped.</para>
/// <para>Stopping: when the schedule (or <see cref="LoadSpec.Duration"/>, if shorter) is over, no new arrival
/// comes, those waiting may still start within <c>late_after</c>; on an interrupt none starts any more. Requests
/// in flight get <see cref="LoadSpec.GracefulStop"/> to finish and are then cancelled, as in <see cref="LoadRunner"/>.</para>
/// </remarks>
public sealed class OpenModelRunner : IArrivalDispatcher
{
    // Arrivals one wake-up starts at most before it looks at the clock again (and expires those waiting too long).
    private const int MaxBatch = 256;

    // Pacing on the loops: one lane per this many arrivals per second at the schedule's peak (at most one per loop).
    // A lane paced alone wakes once for several arrivals where two would each wake for their own; one loop sends
    // and reads well over this rate (the closed model drives several times it on one).
    private const double DefaultRatePerLane = 10_000;

    private readonly Plan _plan;
    private readonly RateSchedule _schedule;
    private readonly CompiledScenario _scenario;
    private long _lastUserId;
    private readonly TimeProvider _time;
    private readonly RequestTimer _timer;
    private readonly ArrivalWork _work;
    private readonly long _lateUs;
    private readonly long? _resolutionUs;
    private readonly LoadShare _share;
    private readonly ITransportFactory _transports;

    private readonly Lock _gate = new();
    private Stack<OpenModelSlot>[] _free = [new()]; // free slots, per lane
    private readonly List<OpenModelSlot> _slots = [];
    private readonly Queue<long> _waiting = new();
    private readonly TaskCompletionSource _idle = new();
    private readonly CancellationTokenSource _feedDone = new();
    private int _slotsReserved;
    private int _active = 1;
    private volatile bool _stopSending;
    private CancellationToken _hard;
    private ILaneTransportFactory? _lanes; // set when the transports' loops pace

    /// <param name="plan">What to run; its load must be open, with a schedule.</param>
    /// <param name="baseAddress">The target that relative URLs are resolved against.</param>
    /// <param name="transports">Makes each slot's transport.</param>
    /// <param name="sink">Receives every sample, dropped arrivals included.</param>
    /// <param name="time">The clock; defaults to the system's.</param>
    /// <param name="feed">Requests from a shared cursor (ammo); required when the plan has ammo.</param>
    /// <param name="options">Where the scenario's log goes, and debug output.</param>
    /// <param name="share">The part of the schedule's arrivals this process runs (cluster agents); null for all of them.</param>
    /// <exception cref="PlanException">The scenario has mistakes (possible for one built in code).</exception>
    public OpenModelRunner(Plan plan, Uri baseAddress, ITransportFactory transports, ISampleSink sink, TimeProvider? time = null, RequestFeed? feed = null,
        ScenarioOptions? options = null, LoadShare? share = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(sink);
        if (plan.Load.Model != LoadModel.Open || plan.Load.Schedule is null)
            throw new ArgumentException("The plan's load is not open with a schedule.", nameof(plan));
        if (plan.Ammo is not null && feed is null)
            throw new ArgumentException("The plan's requests come from ammo: pass its feed.", nameof(feed));
        _plan = plan;
        _schedule = plan.Load.Schedule;
        if (feed is null && plan.Scenario.Main.Count == 0)
            throw new ArgumentException("The plan's main has no request.", nameof(plan));
        ArgumentNullException.ThrowIfNull(transports);
        _transports = transports;
        _time = time ?? TimeProvider.System;
        _lateUs = RequestTimer.Micros(plan.Load.LateAfter);
        _resolutionUs = plan.Load.Resolution is { } resolution ? RequestTimer.Micros(resolution) : null;
        _share = share ?? LoadShare.Whole;
        if (!_share.IsValid)
            throw new ArgumentException($"The share {share} is not one of its count.", nameof(share));
        Seed = plan.Load.Seed ?? Random.Shared.Next();
        var length = plan.Load.Duration is { } cap && cap < _schedule.Duration ? cap : _schedule.Duration;
        Progress = new RunProgress
        {
            Model = LoadModel.Open,
            PlannedDuration = length,
            MaxInFlight = plan.Load.MaxInFlight,
            PlannedArrivals = _share.Of((long)Math.Ceiling(_schedule.ArrivalsBy(length) - 1e-9)),
        };
        _timer = new RequestTimer(_time, sink, Progress);
        _scenario = CompiledScenario.Compile(plan, baseAddress, transports, _timer, _time, options);
        _work = new ArrivalWork(_scenario, feed, _timer, Progress);
    }

    /// <summary>Arrivals per second at the peak that each lane paces (tests set it low to pace on every loop).</summary>
    internal double RatePerLane { get; init; } = DefaultRatePerLane;

    /// <summary>Live state for progress displays: planned, due, sent, completed and dropped arrivals.</summary>
    public RunProgress Progress { get; }

    /// <summary>The seed of Poisson arrivals: the plan's, or one picked at random; print it to repeat a run.</summary>
    public int Seed { get; }

    /// <summary>Runs the schedule to its end. Cancelling <paramref name="stop"/> stops it gracefully; the call still returns normally.</summary>
    public async Task<RunOutcome> RunAsync(CancellationToken stop = default)
    {
        var load = _plan.Load;
        using var soft = CancellationTokenSource.CreateLinkedTokenSource(stop, _feedDone.Token, _scenario.StopToken);
        var hard = new CancellationTokenSource();
        _hard = hard.Token;
        using var onHard = hard.Token.Register(() => _stopSending = true);

        var startedAt = _time.GetUtcNow();
        _timer.Start();
        await PaceAsync(soft.Token);

        var reason = _scenario.StopReason ?? (stop.IsCancellationRequested ? StopReason.Interrupted : StopReason.Completed);
        Progress.Stopping = true;
        if (reason == StopReason.Interrupted)
            _stopSending = true;
        _ = CancelLaterAsync(hard, load.GracefulStop);
        if (_stopSending)
            DropWaiting();
        if (Interlocked.Decrement(ref _active) == 0)
            _idle.TrySetResult();
        await _idle.Task.ConfigureAwait(false);
        DropWaiting();

        // Every slot's loop ends (each is parked as free now: nothing is in flight any more), and its session,
        // within what is left of the graceful stop.
        lock (_gate)
        {
            foreach (var free in _free)
            {
                while (free.TryPop(out var slot))
                    slot.Give(OpenModelSlot.Closed);
            }
        }
        await Task.WhenAll(_slots.Select(slot => _work.EndAsync(slot, _hard)));
        var elapsed = _timer.Elapsed;
        hard.Cancel();
        return new RunOutcome(reason, startedAt, elapsed);
    }

    private IEnumerable<TimeSpan> Arrivals()
    {
        var arrivals = _schedule.Arrivals(_plan.Load.Arrivals, Seed);
        return _share.Take(_plan.Load.Duration is { } cap ? arrivals.TakeWhile(t => t < cap) : arrivals);
    }

    /// <summary>
    /// Paces on the real clock from a thread of its own (sleep, then spin to the instant), or on an injected
    /// clock's timers; both run the same loop and decide alike.
    /// </summary>
    private Task PaceAsync(CancellationToken soft)
    {
        if (!ReferenceEquals(_time, TimeProvider.System))
            return PaceAsync(new ClockPacerWait(_time, _timer), soft);
        if (_transports is ILaneTransportFactory { Lanes: > 0 } lanes)
            return PaceOnLanesAsync(lanes, soft);
        var wait = new SpinPacerWait(_timer.StartTimestamp);
        return PacerThread.Run(() => PaceAsync(wait, soft), "barrage-pacer");
    }

    /// <summary>
    /// Paces on the transports' own loops, as many as the peak rate needs: each runs a <see cref="LanePacer"/> over
    /// its interleaved share of the arrivals, on slots whose connections it drives.
    /// </summary>
    private async Task PaceOnLanesAsync(ILaneTransportFactory lanes, CancellationToken soft)
    {
        _lanes = lanes;
        var count = (int)Math.Clamp(Math.Ceiling(_schedule.PeakRate / _share.Count / RatePerLane), 1, lanes.Lanes);
        _free = [.. Enumerable.Range(0, count).Select(_ => new Stack<OpenModelSlot>())];
        var endUs = RequestTimer.Micros(Progress.PlannedDuration!.Value);
        var pacers = new LanePacer[count];
        for (var lane = 0; lane < pacers.Length; lane++)
            pacers[lane] = new LanePacer(lane, new LoadShare(lane, count).Take(Arrivals()), _timer.StartTimestamp, endUs, this, soft,
                // The least time between two wake-ups of a lane: arrivals closer together start together, which at
                // high rates saves most of the wake-ups (the CPU cost of precision); see bench/README.md.
                _resolutionUs ?? RequestTimer.Micros(LoadSpec.DefaultResolution),
                deferReads: _plan.Scenario.GroupTags().Count == 0);
        using var wake = soft.Register(() =>
        {
            for (var lane = 0; lane < pacers.Length; lane++)
                lanes.Wake(lane);
        });
        try
        {
            for (var lane = 0; lane < pacers.Length; lane++)
                lanes.Start(lane, pacers[lane]);
            await Task.WhenAll(pacers.Select(p => p.Done)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var pacer in pacers)
                pacer.Dispose();
        }
    }

    /// <summary>
    /// The pacer: at each wake-up, starts every arrival that is due (a catch-up batch when it woke late),
    /// then waits for the next. Arrivals start on the pacer's thread, up to their transport's first wait.
    /// </summary>
    private async Task PaceAsync(IPacerWait wait, CancellationToken soft)
    {
        using var pacer = new ArrivalPacer(Arrivals());
        var due = new List<long>();
        while (pacer.HasNext && !soft.IsCancellationRequested)
        {
            if (pacer.TakeDue(_timer.ElapsedUs, due, MaxBatch) > 0)
            {
                foreach (var scheduledUs in due)
                {
                    if (soft.IsCancellationRequested)
                        break;
                    Dispatch(0, scheduledUs);
                }
                due.Clear();
                continue;
            }
            ExpireWaiting();
            // With a resolution, the next wake-up is at least that far away (the lanes decide the same way); without
            // one, no clock is read here.
            var wakeUs = _resolutionUs is { } resolutionUs ? pacer.NextWakeUs(_timer.ElapsedUs, resolutionUs) : pacer.NextDueUs;
            if (!await wait.UntilAsync(wakeUs, soft).ConfigureAwait(false))
                return;
        }
        // The run lasts as long as its schedule, even when the last arrival comes early in its last second;
        // cut short by an interrupt or a spent feed, it stops now.
        if (!pacer.HasNext)
            await wait.UntilAsync(RequestTimer.Micros(Progress.PlannedDuration!.Value), soft).ConfigureAwait(false);
    }

    void IArrivalDispatcher.Dispatch(int lane, long scheduledUs) => Dispatch(lane, scheduledUs);

    void IArrivalDispatcher.ExpireWaiting() => ExpireWaiting();

    // Without the lock: Queue's Count is one int field, and a stale answer only costs one wake-up, or defers one read.
    bool IArrivalDispatcher.HasWaiting => _waiting.Count > 0;

    /// <summary>
    /// Starts an arrival on a free slot of its lane, or on a new one while fewer than max_in_flight exist, or on a
    /// free slot of another lane (its request then goes to that lane's thread), or else puts it in line.
    /// </summary>
    private void Dispatch(int lane, long scheduledUs)
    {
        Progress.ArrivalDue();
        OpenModelSlot? slot = null;
        var create = false;
        lock (_gate)
        {
            if (_waiting.Count == 0 && !_free[lane].TryPop(out slot))
            {
                if (_slotsReserved < _plan.Load.MaxInFlight)
                {
                    _slotsReserved++;
                    create = true;
                }
                else
                {
                    for (var other = 0; other < _free.Length && slot is null; other++)
                        _free[other].TryPop(out slot);
                }
            }
            if (slot is null && !create)
            {
                _waiting.Enqueue(scheduledUs);
                Progress.WaitingChanged(1);
                return;
            }
        }
        Interlocked.Increment(ref _active);
        if (create)
        {
            var id = Interlocked.Increment(ref _lastUserId);
            slot = new OpenModelSlot(_scenario.CreateUser(id, _hard, _lanes?.Create(lane)), _lanes is null ? 0 : lane);
            lock (_gate)
                _slots.Add(slot);
            _ = ServeAsync(slot, scheduledUs);
        }
        else
        {
            slot!.Give(scheduledUs);
        }
    }

    /// <summary>
    /// A slot's loop for the whole run: serves the arrival it was made for, then those waiting in line, then parks
    /// as free until it is given the next (inline, on the thread that gives it) or the run is over.
    /// </summary>
    private async Task ServeAsync(OpenModelSlot slot, long scheduledUs)
    {
        var next = scheduledUs;
        while (true)
        {
            try
            {
                do
                {
                    var start = _work.TryStart(slot, _hard, out var request);
                    if (start == ArrivalWork.Start.Send)
                    {
                        // One fixed request, awaited right here: one continuation per arrival.
                        var sent = _timer.Starting();
                        _work.Finish(request!, sent, next, await GuardedSend.Start(slot.User.Transport, request!, _hard));
                    }
                    else if (start == ArrivalWork.Start.Slow && !await _work.RunAsync(slot, next, _hard).ConfigureAwait(false))
                    {
                        // A feed that does not loop is spent: the run ends, this arrival had nothing to send, and the
                        // slot is not free again.
                        _feedDone.Cancel();
                        return;
                    }
                }
                while (TryTakeWaiting(slot, out next));
            }
            finally
            {
                if (Interlocked.Decrement(ref _active) == 0)
                    _idle.TrySetResult();
            }
            next = await slot.NextAsync().ConfigureAwait(false);
            if (next == OpenModelSlot.Closed)
                return;
        }
    }

    /// <summary>Gives the slot the next arrival in line that is not too late, or puts it back as free.</summary>
    private bool TryTakeWaiting(OpenModelSlot slot, out long scheduledUs)
    {
        var now = _timer.ElapsedUs;
        List<long>? late = null;
        var found = false;
        scheduledUs = 0;
        lock (_gate)
        {
            while (!_stopSending && _waiting.TryDequeue(out var waiting))
            {
                Progress.WaitingChanged(-1);
                if (now - waiting > _lateUs)
                {
                    (late ??= []).Add(waiting);
                    continue;
                }
                scheduledUs = waiting;
                found = true;
                break;
            }
            if (!found)
            {
                slot.Park();
                _free[slot.Lane].Push(slot);
            }
        }
        if (late is not null)
        {
            foreach (var s in late)
                _timer.RecordDropped(s, now);
        }
        return found;
    }

    /// <summary>Drops the arrivals at the head of the line that can no longer start in time.</summary>
    private void ExpireWaiting()
    {
        var now = _timer.ElapsedUs;
        List<long>? late = null;
        lock (_gate)
        {
            while (_waiting.TryPeek(out var waiting) && now - waiting > _lateUs)
            {
                _waiting.Dequeue();
                Progress.WaitingChanged(-1);
                (late ??= []).Add(waiting);
            }
        }
        if (late is not null)
        {
            foreach (var s in late)
                _timer.RecordDropped(s, now);
        }
    }

    /// <summary>Drops every arrival still in line: the run stopped before a slot could take it.</summary>
    private void DropWaiting()
    {
        var now = _timer.ElapsedUs;
        long[] left;
        lock (_gate)
        {
            left = [.. _waiting];
            Progress.WaitingChanged(-_waiting.Count);
            _waiting.Clear();
        }
        foreach (var s in left)
            _timer.RecordDropped(s, now);
    }

    private async Task CancelLaterAsync(CancellationTokenSource hard, TimeSpan grace)
    {
        // False when the run ended before the graceful stop ran out.
        if (await ClockWait.DelayAsync(_time, grace, hard.Token).ConfigureAwait(false))
            hard.Cancel();
    }
}
