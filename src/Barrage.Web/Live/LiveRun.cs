using System.Text.Json;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using Barrage.Reporting.Export;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;

namespace Barrage.Web.Live;

/// <summary>
/// One run as the dashboard follows it: every frame so far (a page opened mid-run first gets them all) and the
/// browsers subscribed to new ones. Fed by <see cref="ILiveRunFeed"/> on the recorder's task; publishing never waits
/// for a browser.
/// </summary>
internal sealed class LiveRun : ILiveRunFeed
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    // Past frames are kept without their per-tag table and thresholds (only the latest frame's are shown), so an
    // hour with a hundred tags costs megabytes, not tens of them; _latest is the newest frame in full.
    private readonly List<string> _frames = [];
    private string? _latest;
    private readonly List<LiveSubscription> _subscribers = [];
    private SeriesTotals _totals = new();
    private readonly Dictionary<string, long> _lastSecondByTag = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop;
    private Plan? _plan;
    private string _status = "starting";
    private int? _exitCode;

    /// <param name="name">The plan's name, until the run says more.</param>
    /// <param name="stop">Cancelled by the Stop button: stops the run gracefully.</param>
    public LiveRun(string name, CancellationTokenSource stop)
    {
        Name = name;
        _stop = stop;
    }

    public string Name { get; private set; }

    public long? RunId { get; private set; }

    /// <summary>True until the run finished.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
                return _status != "finished";
        }
    }

    /// <summary>The run directory (for phout.log), when the dashboard chose it.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Completes when the run finished.</summary>
    public Task Finished => _finished.Task;

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Started(long? runId, Plan plan, SeriesTotals totals)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(totals);
        lock (_gate)
        {
            _totals = totals;
            RunId = runId;
            Name = plan.Name;
            _plan = plan;
            _status = "running";
        }
        PublishState();
    }

    public void Second(SeriesSlice slice, RunGauges? gauges)
    {
        ArgumentNullException.ThrowIfNull(slice);
        lock (_gate)
        {
            if (slice.IsLate)
                return;
            if (slice.Tag is not null)
            {
                _lastSecondByTag[slice.Tag] = slice.Stats.Requests;
                return;
            }
        }
        var frame = Frame(slice, gauges);
        var data = JsonSerializer.Serialize(frame, Json);
        var past = JsonSerializer.Serialize(frame with { Tags = [], Thresholds = [] }, Json);
        LiveSubscription[] targets;
        lock (_gate)
        {
            _frames.Add(past);
            _latest = data;
            targets = [.. _subscribers];
            _lastSecondByTag.Clear();
        }
        var message = new LiveMessage("frame", data);
        foreach (var s in targets)
            s.Offer(message);
    }

    /// <summary>Marks the run finished and tells every browser; their streams then end.</summary>
    public void Finish(int exitCode, long? runId = null)
    {
        lock (_gate)
        {
            _status = "finished";
            _exitCode = exitCode;
            RunId ??= runId;
            // No frame comes after the end: the plan (its thresholds) is not needed, and held by the dashboard's list of
            // runs it would keep the plan's plugins loaded for as long as the dashboard runs.
            _plan = null;
        }
        PublishState();
        LiveSubscription[] targets;
        lock (_gate)
            targets = [.. _subscribers];
        foreach (var s in targets)
            s.Channel.Writer.TryComplete();
        _finished.TrySetResult();
    }

    /// <summary>The Stop button: stops the run gracefully (as Ctrl-C does).</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public LiveState State()
    {
        lock (_gate)
            return new LiveState(Name, RunId, _status, _exitCode, _status != "finished", _frames.Count);
    }

    /// <summary>The frames from <paramref name="from"/> on, as JSON texts.</summary>
    public IReadOnlyList<string> Frames(int from)
    {
        lock (_gate)
            return from >= _frames.Count ? [] : WithLatest(_frames.GetRange(Math.Max(0, from), _frames.Count - Math.Max(0, from)));
    }

    /// <summary>
    /// Subscribes a browser: the first message (<c>init</c>) holds the state and every frame so far, taken under the
    /// same lock as the subscription, so no frame is missed or sent twice.
    /// </summary>
    public LiveSubscription Subscribe()
    {
        var subscription = new LiveSubscription(Unsubscribe);
        lock (_gate)
        {
            var state = new LiveState(Name, RunId, _status, _exitCode, _status != "finished", _frames.Count);
            var init = $"{{\"state\":{JsonSerializer.Serialize(state, Json)},\"frames\":[{string.Join(',', WithLatest([.. _frames]))}]}}";
            subscription.Channel.Writer.TryWrite(new LiveMessage("init", init));
            if (_status == "finished")
                subscription.Channel.Writer.TryComplete();
            else
                _subscribers.Add(subscription);
        }
        return subscription;
    }

    /// <summary>The frames, the last one in full (with its per-tag table and thresholds). Call under the lock.</summary>
    private List<string> WithLatest(List<string> frames)
    {
        if (frames.Count > 0 && _latest is not null)
            frames[^1] = _latest;
        return frames;
    }

    /// <summary>Browsers subscribed right now.</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
                return _subscribers.Count;
        }
    }

    /// <summary>Frames dropped so far for browsers that fell behind (subscribed right now).</summary>
    public int Dropped
    {
        get
        {
            lock (_gate)
                return _subscribers.Sum(s => s.Dropped);
        }
    }

    private void Unsubscribe(LiveSubscription subscription)
    {
        lock (_gate)
            _subscribers.Remove(subscription);
    }

    private void PublishState()
    {
        var message = new LiveMessage("state", JsonSerializer.Serialize(State(), Json));
        LiveSubscription[] targets;
        lock (_gate)
            targets = [.. _subscribers];
        foreach (var s in targets)
            s.Offer(message);
    }

    private LiveFrame Frame(SeriesSlice slice, RunGauges? gauges)
    {
        var s = slice.Stats;
        var service = LatencySummary.From(s.ServiceTime);
        var response = LatencySummary.From(s.ResponseTime);
        List<LiveTag> tags;
        List<LiveThreshold> thresholds;
        int seq;
        lock (_gate)
        {
            seq = _frames.Count;
            tags = [.. _totals.ByTag.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            {
                var l = LatencySummary.From(kv.Value.ServiceTime);
                return new LiveTag(kv.Key, kv.Value.Requests, kv.Value.Errors, l.P50, l.P90, l.P99, l.Max, _lastSecondByTag.GetValueOrDefault(kv.Key));
            })];
            var elapsed = TimeSpan.FromSeconds(Math.Max(1, _totals.LastSecond + 1));
            thresholds = _plan is null ? [] : [.. ThresholdEvaluator.Evaluate(_plan.Thresholds, _totals, elapsed)
                .Select(t => new LiveThreshold(t.Expression, t.ValueText, t.Passed, t.Note))];
        }
        return new LiveFrame(seq, slice.Second, s.Requests, s.NetErrors, s.HttpErrors, gauges?.PlannedRps,
            service.P50, service.P90, service.P99, service.Max, Math.Round(service.Mean, 1),
            response.P50, response.P99, response.Max, Math.Round(response.Mean, 1),
            s.Requests == 0 ? 0 : Math.Round(Math.Max(0, response.Mean - service.Mean), 1),
            gauges?.Users, gauges?.InFlight,
            Outcomes.HttpStatuses(s.StatusCounts).ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value),
            Outcomes.Each(s.StatusCounts, s.NetCodeCounts).ToDictionary(r => r.Label, r => r.Count),
            tags, thresholds);
    }
}
