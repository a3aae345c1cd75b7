using System.Diagnostics;
using Barrage.Cluster.Protocol;
using Barrage.Engine;
using Barrage.Formats.Ammo;
using Barrage.Formats.Phout;
using Barrage.Load;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Transport;
using NATS.Client.Core;

namespace Barrage.Cluster;

/// <summary>
/// One run on one agent: the plan loaded from an offer with this agent's share, waiting for the start instant,
/// then running while it reports once a second. It stops its load by itself when the coordinator says so or
/// stops being heard for <see cref="CoordinatorSilence"/>: no orphaned load.
/// </summary>
internal sealed class AgentSession
{
    /// <summary>How long without the coordinator's heartbeat before the agent gives up the run.</summary>
    public static readonly TimeSpan CoordinatorSilence = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the agent resends its last reports after its end before it gives up on them: past a NATS restart's
    /// reconnection, short enough that a coordinator that is gone does not hold the agent.
    /// </summary>
    public static readonly TimeSpan FinalReportPatience = TimeSpan.FromSeconds(10);

    /// <summary>How often the last reports are resent while unacknowledged.</summary>
    private static readonly TimeSpan FinalResend = TimeSpan.FromMilliseconds(300);

    private readonly RunOffer _offer;
    private readonly Func<CancellationToken, Task<RunOutcome>> _run;
    private readonly RunProgress _progress;
    private readonly MetricsCollector _collector;
    private readonly TimeSeriesCollector _series;
    private readonly PhoutWriter? _phout;
    private readonly string? _phoutPath;
    private readonly ITransportFactory? _transports;
    private readonly TaskCompletionSource<long> _start = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReportOutbox _outbox = new();
    private long _lastBeat = Stopwatch.GetTimestamp();
    private long _connectedSince; // Stopwatch ticks of NATS's last (re)connection; 0 while disconnected

    private AgentSession(RunOffer offer, Parts parts, Func<CancellationToken, Task<RunOutcome>> run, RunProgress progress)
    {
        _offer = offer;
        _collector = parts.Collector;
        _series = parts.Series;
        _phout = parts.Phout;
        _phoutPath = parts.PhoutPath;
        _transports = parts.Transports;
        _run = run;
        _progress = progress;
    }

    public string RunId => _offer.RunId;

    /// <summary>How the phout file is shipped when the coordinator collects it.</summary>
    internal PhoutShipping Shipping { get; set; } = PhoutShipping.Default;

    /// <summary>True when the coordinator asked for the phout file and did not acknowledge all of it.</summary>
    internal bool PhoutUnshipped { get; private set; }

    /// <summary>Where this share's samples are written; null for nowhere.</summary>
    internal string? PhoutPath => _phoutPath;

    /// <summary>The transports this share runs with; null when it has nothing to send.</summary>
    internal ITransportFactory? Transports => _transports;

    /// <summary>The session for an offer, or null with the reason this agent cannot run it.</summary>
    /// <param name="offer">What the coordinator offers.</param>
    /// <param name="tokenHash">This agent's token, hashed.</param>
    /// <param name="workDir">Where the plan's files are put.</param>
    /// <param name="phoutPath">Where this share's samples are written, Phantom-style; null for nowhere.</param>
    /// <param name="refusal">Why not, when the result is null.</param>
    public static AgentSession? Prepare(RunOffer offer, string tokenHash, string workDir, string? phoutPath, out string? refusal)
    {
        refusal = Wire.ProtocolMismatch(offer.Protocol, "the coordinator");
        if (refusal is not null)
            return null;
        if (offer.TokenHash != tokenHash)
        {
            refusal = "the coordinator's token does not match this agent's";
            return null;
        }
        if (!offer.Bundle.IsIntact)
        {
            refusal = $"the plan's content does not match its hash {offer.Bundle.Hash}";
            return null;
        }
        var share = new LoadShare(offer.Index, offer.Count);
        if (!share.IsValid)
        {
            refusal = $"share {offer.Index} of {offer.Count} makes no sense";
            return null;
        }
        try
        {
            if (offer.Bundle.Unpack(workDir) is not { } planPath)
            {
                refusal = "the plan's files reach outside its directory by an absolute path or too many '..'";
                return null;
            }
            var planDirectory = Path.GetDirectoryName(planPath)!;
            var loaded = PlanLoader.LoadFile(planPath, full => offer.Bundle.Location(planDirectory, full));
            var plan = PlanLoader.ApplyOverrides(loaded, offer.Overrides with { Target = offer.BaseAddress });
            if (offer.Insecure)
                plan = plan with { Transport = plan.Transport with { VerifyCertificates = false } };
            // Unique rows are dealt out like arrivals (rows i, i+n, ...): no row is used twice across the cluster.
            plan = plan with { Data = [.. plan.Data.Select(d => d.Order == DataOrder.Unique ? d with { Rows = share.Slice(d.Rows, loop: false) } : d)] };
            var baseAddress = plan.Target.Url ?? new Uri(offer.BaseAddress);
            RequestFeed? feed = null;
            if (offer.Ammo is { } ammo)
            {
                // The coordinator's ammo (the plan's, or --ammo's) wins, as on its command line.
                if (!offer.Bundle.Files.ContainsKey(ammo.Path))
                {
                    refusal = $"the ammo {ammo.Path} did not come with the plan";
                    return null;
                }
                var local = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(planPath)!, ammo.Path));
                var style = Enum.Parse<AmmoStyle>(ammo.Style == "uripost" ? "UriPost" : ammo.Style, ignoreCase: true);
                var requests = AmmoReader.Read(local, style);
                plan = plan with { Ammo = ammo with { Path = local }, Scenario = new Scenario { Main = [] } };
                // Each agent takes its slice of the ammo: once through, the agents together send each request once.
                feed = new RequestFeed([.. share.Slice(requests, ammo.Loop).Select(a => a.ToPreparedRequest(baseAddress))], ammo.Loop);
            }
            PhoutWriter? phout = null;
            if (phoutPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(phoutPath)!);
                phout = PhoutWriter.Create(phoutPath);
            }
            return Create(offer, plan, baseAddress, feed, share, phout, phoutPath);
        }
        catch (PlanException e)
        {
            refusal = "the plan is not valid here: " + string.Join("; ", e.Errors.Select(x => x.ToString()));
        }
        catch (AmmoFormatException e)
        {
            refusal = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            refusal = e.Message;
        }
        return null;
    }

    private static AgentSession Create(RunOffer offer, Plan plan, Uri baseAddress, RequestFeed? feed, LoadShare share, PhoutWriter? phout, string? phoutPath)
    {
        var collector = new MetricsCollector();
        var series = new TimeSeriesCollector();
        if (plan.Data.Any(d => d.Rows.Count == 0))
        {
            // More agents than unique rows: this one has none, so it is done before it starts, as a spent feeder would be.
            return new AgentSession(offer, new Parts(collector, series, phout, phoutPath, null),
                _ => Task.FromResult(new RunOutcome(StopReason.DataExhausted, DateTimeOffset.UtcNow, TimeSpan.Zero)), new RunProgress());
        }
        // The same transport as a run in one process (the event loops on Linux, HTTP/2 when asked).
        var transports = TransportChoice.Create(plan.Transport, baseAddress);
        try
        {
            return WithRunner(offer, plan, baseAddress, feed, share, new Parts(collector, series, phout, phoutPath, transports));
        }
        catch
        {
            (transports as IDisposable)?.Dispose();
            throw;
        }
    }

    private static AgentSession WithRunner(RunOffer offer, Plan plan, Uri baseAddress, RequestFeed? feed, LoadShare share, Parts parts)
    {
        var (collector, series, phout, transports) = (parts.Collector, parts.Series, parts.Phout, parts.Transports!);
        var sink = new SinkFanout(phout is null ? [collector, series] : [collector, series, phout]);
        if (plan.Load.Model == LoadModel.Open)
        {
            var open = new OpenModelRunner(plan, baseAddress, transports, sink, feed: feed, share: share);
            return new AgentSession(offer, parts, open.RunAsync, open.Progress);
        }
        if (plan.Load.UsersOverTime is not null || plan.Load.Cycles is not null)
        {
            // Users over time: at every instant this agent runs its share of the schedule's users, so the counts add up.
            var changing = new UserScheduleRunner(plan, baseAddress, transports, sink, feed: feed, share: share);
            return new AgentSession(offer, parts, changing.RunAsync, changing.Progress);
        }
        var load = plan.Load with
        {
            Users = share.Users(plan.Load.Users),
            SharedIterations = plan.Load.SharedIterations is { } shared ? share.Of(shared) : null,
        };
        if (load.Users == 0)
            return new AgentSession(offer, parts, _ => Task.FromResult(new RunOutcome(StopReason.Completed, DateTimeOffset.UtcNow, TimeSpan.Zero)), new RunProgress());
        var closed = new LoadRunner(plan with { Load = load }, baseAddress, transports, sink, feed: feed);
        return new AgentSession(offer, parts, closed.RunAsync, closed.Progress);
    }

    /// <summary>The start command: run at <paramref name="startAtUnixUs"/> on this machine's clock.</summary>
    public void Start(long startAtUnixUs) => _start.TrySetResult(startAtUnixUs);

    /// <summary>
    /// Listens for the coordinator, waits for the start, runs and reports, and returns when the run is over,
    /// stopped, or abandoned because the coordinator went quiet.
    /// </summary>
    public async Task LifecycleAsync(INatsConnection nats, Action<string> log, CancellationToken agentStop)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(agentStop);
        await using var beats = await nats.SubscribeCoreAsync<byte[]>(Subjects.Beat(RunId), cancellationToken: agentStop).ConfigureAwait(false);
        await using var stops = await nats.SubscribeCoreAsync<byte[]>(Subjects.Stop(RunId), cancellationToken: agentStop).ConfigureAwait(false);
        await using var acks = await nats.SubscribeCoreAsync<byte[]>(Subjects.Ack(RunId, _offer.Index), cancellationToken: agentStop).ConfigureAwait(false);
        // Acknowledgements and heartbeats are heard until the last report is delivered, after the run's stop and the
        // agent's: the heartbeats tell a coordinator that is gone from one that is slow to acknowledge.
        using var acking = new CancellationTokenSource();
        Volatile.Write(ref _connectedSince, nats.ConnectionState == NatsConnectionState.Open ? Stopwatch.GetTimestamp() : 0);
        nats.ConnectionOpened += OnConnected;
        nats.ConnectionDisconnected += OnDisconnected;
        var listening = Task.WhenAll(ListenAsync(beats, _ => Volatile.Write(ref _lastBeat, Stopwatch.GetTimestamp()), acking.Token),
            ListenAsync(stops, _ => stop.Cancel(), stop.Token));
        var acknowledged = ListenAsync(acks, data =>
        {
            if (Wire.Decode<ReportAck>(data) is { } ack)
                _outbox.Acknowledge(ack.Applied);
        }, acking.Token);
        var watchdog = WatchCoordinatorAsync(stop, log);
        try
        {
            var startAt = await _start.Task.WaitAsync(stop.Token).ConfigureAwait(false);
            await UnixClock.WaitUntilAsync(startAt, stop.Token).ConfigureAwait(false);
            log($"run {RunId}: share {_offer.Index + 1}/{_offer.Count} started");
            await RunAndReportAsync(nats, log, stop.Token).ConfigureAwait(false);
            log($"run {RunId}: done");
            await FinishPhoutAsync(nats, log, agentStop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log($"run {RunId}: given up before the start");
            // A coordinator stopped before the start still waits for every agent's end: say it, with nothing measured.
            _outbox.Add(Report(_outbox.NextSequence, new Aggregate(), [], done: true, null, null));
            await DeliverLastAsync(nats, log).ConfigureAwait(false);
            // And for its (empty) phout when it collects them, which would otherwise cost it its whole wait.
            await FinishPhoutAsync(nats, log, agentStop).ConfigureAwait(false);
        }
        finally
        {
            nats.ConnectionOpened -= OnConnected;
            nats.ConnectionDisconnected -= OnDisconnected;
            await acking.CancelAsync().ConfigureAwait(false);
            await acknowledged.ConfigureAwait(false);
            if (_phout is not null)
                await _phout.DisposeAsync().ConfigureAwait(false);
            (_transports as IDisposable)?.Dispose(); // HTTP/2's shared handler
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(listening, watchdog).ConfigureAwait(false);
        }
    }

    /// <summary>Completes the phout file and ships it when the coordinator collects it.</summary>
    private async Task FinishPhoutAsync(INatsConnection nats, Action<string> log, CancellationToken agentStop)
    {
        if (_phout is null)
            return;
        var written = await _phout.CompleteAsync().ConfigureAwait(false);
        log(written.LinesLost > 0
            ? $"run {RunId}: {written.LinesLost} phout lines lost ({written.Error}); {written.LinesWritten} written"
            : $"run {RunId}: {written.LinesWritten} results written to phout");
        if (_offer.CollectPhout)
            PhoutUnshipped = !await new PhoutShipper(nats, RunId, _offer.Index, Shipping, log).ShipAsync(_phoutPath!, agentStop).ConfigureAwait(false);
    }

    private async Task RunAndReportAsync(INatsConnection nats, Action<string> log, CancellationToken stop)
    {
        var run = _run(stop);
        var interval = new Aggregate();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            if (run.IsCompleted)
                break;
            if (!_outbox.IsFull)
            {
                _collector.Flush(interval);
                var slices = new List<EncodedSlice>();
                _series.Flush(RunClockUs(), slice => Collect(slice, slices));
                _outbox.Add(Report(_outbox.NextSequence, interval, slices, done: false, null, null));
            }
            await PublishPendingAsync(nats, CancellationToken.None).ConfigureAwait(false);
        }
        RunOutcome? outcome = null;
        string? error = null;
        try
        {
            outcome = await run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The coordinator must hear of it: the agent reports its end whatever happened.
            error = e.Message;
        }
        _collector.Flush(interval);
        var last = new List<EncodedSlice>();
        _series.Complete(slice => Collect(slice, last));
        // The end goes in even when the outbox is full: one report over its capacity, and nothing measured is left out.
        _outbox.Add(Report(_outbox.NextSequence, interval, last, done: true, outcome, error));
        await DeliverLastAsync(nats, log).ConfigureAwait(false);
    }

    /// <summary>
    /// Resends the unacknowledged reports, the end among them, until the coordinator acknowledges them all or
    /// <see cref="FinalReportPatience"/> runs out (said in the log: the coordinator is gone, or NATS is). A coordinator
    /// not heard for <see cref="CoordinatorSilence"/> while NATS has been up that long is gone: nobody is left to
    /// acknowledge, and the agent is free for the next run at once instead of after its patience.
    /// </summary>
    private async Task DeliverLastAsync(INatsConnection nats, Action<string> log)
    {
        using var patience = new CancellationTokenSource(FinalReportPatience);
        var emptied = _outbox.Emptied;
        while (!emptied.IsCompleted && !patience.IsCancellationRequested)
        {
            if (CoordinatorGone() && _outbox.Pending() is [var lost, ..] unsent)
            {
                log($"run {RunId}: the coordinator is gone (not heard for {CoordinatorSilence.TotalSeconds:0} s while NATS is up): " +
                    $"reports {lost.Sequence}..{unsent[^1].Sequence} not delivered");
                return;
            }
            await PublishPendingAsync(nats, patience.Token).ConfigureAwait(false);
            await Task.WhenAny(emptied, Task.Delay(FinalResend, patience.Token)).ConfigureAwait(false);
        }
        if (_outbox.Pending() is [var first, ..] pending)
        {
            log($"run {RunId}: reports {first.Sequence}..{pending[^1].Sequence} not acknowledged within {FinalReportPatience.TotalSeconds:0} s " +
                "(the coordinator or NATS is gone, or only the acknowledgement was lost); giving up on them");
        }
    }

    private bool CoordinatorSilent => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastBeat)) > CoordinatorSilence;

    // Silence alone could be NATS down, or just back: the coordinator's next heartbeat is then on its way.
    private bool CoordinatorGone()
    {
        var connected = Volatile.Read(ref _connectedSince);
        return connected != 0 && Stopwatch.GetElapsedTime(connected) > CoordinatorSilence && CoordinatorSilent;
    }

    private ValueTask OnConnected(object? sender, NatsEventArgs args)
    {
        Volatile.Write(ref _connectedSince, Stopwatch.GetTimestamp());
        return ValueTask.CompletedTask;
    }

    private ValueTask OnDisconnected(object? sender, NatsEventArgs args)
    {
        Volatile.Write(ref _connectedSince, 0);
        return ValueTask.CompletedTask;
    }

    /// <summary>Publishes every unacknowledged report, oldest first; the coordinator applies each sequence once.</summary>
    private async Task PublishPendingAsync(INatsConnection nats, CancellationToken giveUp)
    {
        var subject = Subjects.Report(RunId, _offer.Index);
        foreach (var report in _outbox.Pending())
        {
            try
            {
                await nats.PublishAsync(subject, Wire.Encode(report), cancellationToken: giveUp).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NatsException or OperationCanceledException)
            {
                // NATS is down for now (the client reconnects): the report stays in the outbox and goes out again.
                return;
            }
        }
    }

    private AgentReport Report(long sequence, Aggregate interval, List<EncodedSlice> slices, bool done, RunOutcome? outcome, string? error)
    {
        var p = _progress;
        var counts = new ProgressCounts(p.ActiveUsers, p.PlannedUsers, p.InFlight, p.PlannedArrivals, p.ArrivalsDue, p.ArrivalsSent,
            p.ArrivalsCompleted, p.ArrivalsDropped, p.ArrivalsWaiting);
        return new AgentReport(_offer.Index, sequence, StatsCodec.Encode(interval), slices, counts, done,
            outcome?.Reason == StopReason.Interrupted, outcome?.Elapsed.TotalSeconds ?? 0, error, outcome?.Reason);
    }

    private static void Collect(SeriesSlice slice, List<EncodedSlice> into)
    {
        if (slice.Tag is not null)
            into.Add(new EncodedSlice(slice.Second, slice.Tag, slice.IsLate, StatsCodec.Encode(slice.Stats)));
    }

    private long RunClockUs() => _progress.StartTimestamp == 0 ? 0 : Timing.ElapsedMicros(_progress.StartTimestamp);

    private async Task WatchCoordinatorAsync(CancellationTokenSource stop, Action<string> log)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop.Token).ConfigureAwait(false);
                if (CoordinatorSilent)
                {
                    log($"run {RunId}: the coordinator has not been heard for {CoordinatorSilence.TotalSeconds:0} s; stopping");
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ListenAsync(INatsSub<byte[]> sub, Action<byte[]?> heard, CancellationToken stop)
    {
        try
        {
            await foreach (var msg in sub.Msgs.ReadAllAsync(stop).ConfigureAwait(false))
                heard(msg.Data);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Parts(MetricsCollector Collector, TimeSeriesCollector Series, PhoutWriter? Phout, string? PhoutPath, ITransportFactory? Transports);
}
