using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Export;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;

namespace Barrage.Reporting.Store;

/// <summary>
/// Follows a run's <see cref="TimeSeriesCollector"/> once a second on a background task: adds each sealed
/// second to the run's <see cref="Totals"/> and writes it to the run store, so memory stays flat and the
/// generator never waits for the disk. If the store cannot be opened or written, the run goes on: the totals
/// are still kept and <see cref="Error"/> says what went wrong.
/// </summary>
public sealed class RunRecorder : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly TimeSeriesCollector _collector;
    private readonly Func<long> _nowUs;
    // Stopped by disposing it (its wait then returns false) rather than by a token: a cancelled wait throws, and a
    // process's first exception costs ~30 ms of CPU (the stack trace reads the PDBs), paid by every short run.
    private readonly PeriodicTimer _timer = new(Period);
    private readonly List<EncodedSlice> _pending = [];
    private readonly List<GaugeSample> _pendingGauges = [];
    private RunStore? _store;
    private Task _pump = Task.CompletedTask;
    private Action<SeriesSlice>? _observe;
    private Func<RunGauges>? _gauges;
    // The last tag's row as encoded, kept until the row of all tags that closes its second: with one tag, that row's
    // stats are the tag's own (the collector hands the same object), so its six histograms are compressed once, not twice.
    private SeriesStats? _tagStats;
    private EncodedSlice? _tagRow;

    private RunRecorder(TimeSeriesCollector collector, Func<long> nowUs)
    {
        _collector = collector;
        _nowUs = nowUs;
    }

    /// <summary>The run's totals, overall and per tag; complete after <see cref="CompleteAsync"/>.</summary>
    public SeriesTotals Totals { get; } = new();

    /// <summary>The store file.</summary>
    public required string StorePath { get; init; }

    /// <summary>The run's id in the store; null when it could not be recorded.</summary>
    public long? RunId { get; private set; }

    /// <summary>Why the store could not be used; null while all is well.</summary>
    public string? Error { get; private set; }

    /// <summary>Opens the store, records the run's start and starts following <paramref name="collector"/>.</summary>
    /// <param name="storePath">The store file.</param>
    /// <param name="start">What is known of the run at its start.</param>
    /// <param name="collector">The run's time series.</param>
    /// <param name="nowUs">Microseconds since the run started (0 before it starts): seconds that ended a while ago are sealed.</param>
    /// <param name="observe">Called on the recorder's task with each sealed slice (e.g. to evaluate autostop); may be null.</param>
    /// <param name="gauges">Sampled once a second while the run goes (users, in flight, planned rate) and stored; may be null.</param>
    public static RunRecorder Start(string storePath, RunStart start, TimeSeriesCollector collector, Func<long> nowUs,
        Action<SeriesSlice>? observe = null, Func<RunGauges>? gauges = null)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(nowUs);
        var recorder = new RunRecorder(collector, nowUs) { StorePath = storePath, _observe = observe, _gauges = gauges };
        try
        {
            recorder._store = RunStore.Open(storePath);
            recorder.RunId = recorder._store.BeginRun(start);
        }
        catch (StoreException e)
        {
            recorder.Fail(e);
        }
        recorder._pump = recorder.PumpAsync();
        return recorder;
    }

    /// <summary>Stops following, seals every second and writes the last of the series; returns the totals.</summary>
    public async Task<SeriesTotals> CompleteAsync()
    {
        _timer.Dispose();
        await _pump;
        _collector.Complete(Take);
        Write();
        return Totals;
    }

    /// <summary>Records how the run ended. Returns false (and sets <see cref="Error"/>) when the store failed at any point.</summary>
    public bool Finish(RunSummary summary, int exitCode, IReadOnlyList<ThresholdOutcome> thresholds)
    {
        if (_store is not null && RunId is { } id)
        {
            try
            {
                _store.FinishRun(id, summary, exitCode, thresholds);
            }
            catch (StoreException e)
            {
                Fail(e);
            }
        }
        return Error is null;
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _pump;
        _store?.Dispose();
    }

    private async Task PumpAsync()
    {
        while (await _timer.WaitForNextTickAsync())
        {
            var now = _nowUs();
            if (_gauges is not null && now > 0 && _store is not null)
                _pendingGauges.Add(new GaugeSample(now / 1_000_000, _gauges()));
            _collector.Flush(now, Take);
            Write();
        }
    }

    private void Take(SeriesSlice slice)
    {
        Totals.Add(slice);
        _observe?.Invoke(slice);
        if (_store is not null)
            _pending.Add(Encode(slice));
    }

    private EncodedSlice Encode(SeriesSlice slice)
    {
        if (slice.Tag is not null)
        {
            _tagStats = slice.Stats;
            return _tagRow = EncodedSlice.From(slice);
        }
        var tagRow = ReferenceEquals(slice.Stats, _tagStats) && _tagRow?.Second == slice.Second ? _tagRow : null;
        _tagStats = null;
        _tagRow = null;
        return tagRow is null ? EncodedSlice.From(slice) : tagRow with { Tag = null };
    }

    private void Write()
    {
        if (_store is null || RunId is not { } id || (_pending.Count == 0 && _pendingGauges.Count == 0))
            return;
        try
        {
            if (_pending.Count > 0)
                _store.AddSeries(id, _pending);
            if (_pendingGauges.Count > 0)
                _store.AddGauges(id, _pendingGauges);
        }
        catch (StoreException e)
        {
            Fail(e);
        }
        _pending.Clear();
        _pendingGauges.Clear();
    }

    private void Fail(StoreException e)
    {
        Error ??= e.Message;
        _store?.Dispose();
        _store = null;
    }
}
