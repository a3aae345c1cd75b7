using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Metrics;

/// <summary>
/// Counts and latency histograms for a set of samples. Not thread-safe: each shard of a
/// <see cref="MetricsCollector"/> owns one, and aggregates are merged exactly with <see cref="Add(Aggregate)"/>.
/// </summary>
public sealed class Aggregate
{
    /// <summary>The largest time a histogram tracks, in microseconds (one hour); longer values are clamped.</summary>
    public const long HighestTrackableMicros = 3_600_000_000;

    private readonly long[] _statusCounts = new long[600];
    private readonly Dictionary<int, long> _netCodeCounts = [];
    private readonly Dictionary<CheckKey, CheckCounts> _checks = [];

    public long Requests { get; private set; }

    /// <summary>Exchanges that completed with a status below 400.</summary>
    public long Successes { get; private set; }

    /// <summary>Transport failures (net code not 0).</summary>
    public long NetErrors { get; private set; }

    /// <summary>Exchanges that completed with a status of 400 or more.</summary>
    public long HttpErrors { get; private set; }

    public long Errors => NetErrors + HttpErrors;

    /// <summary>True when nothing was added since the last reset: no request, drop or check verdict.</summary>
    public bool IsEmpty => Requests == 0 && Dropped == 0 && ChecksTotal.Total == 0 && _checks.Count == 0 && ServiceTime.TotalCount == 0;

    public long BytesIn { get; private set; }

    public long BytesOut { get; private set; }

    /// <summary>Time from actual start to the end of the response (service time), µs.</summary>
    public TrackedHistogram ServiceTime { get; } = new();

    /// <summary>Time from scheduled start to the end of the response (response time), µs.</summary>
    public TrackedHistogram ResponseTime { get; } = new();

    /// <summary>Actual start minus scheduled start (dispatch lag), µs; 0 in a closed model, recorded as 1 µs.</summary>
    public TrackedHistogram DispatchLag { get; } = new();

    /// <summary>Open model: arrivals that were never sent (net code 777); not counted in <see cref="Requests"/> or the histograms.</summary>
    public long Dropped { get; private set; }

    /// <summary>Counts by status key (<see cref="Outcomes.StatusKey"/>: the HTTP status, or a key of another kind below 100), only keys that occurred.</summary>
    public IEnumerable<KeyValuePair<int, long>> StatusCounts
    {
        get
        {
            for (var code = 0; code < _statusCounts.Length; code++)
            {
                if (_statusCounts[code] != 0)
                    yield return new(code, _statusCounts[code]);
            }
        }
    }

    /// <summary>Counts by transport code, 0 (ok) included when it occurred.</summary>
    public IReadOnlyDictionary<int, long> NetCodeCounts => _netCodeCounts;

    /// <summary>The most distinct (check, tag) pairs kept apart; verdicts of further pairs count under <see cref="OtherChecks"/>.</summary>
    public const int MaxCheckKeys = 1000;

    /// <summary>The check name that collects verdicts beyond <see cref="MaxCheckKeys"/>.</summary>
    public const string OtherChecks = "(other checks)";

    /// <summary>All checks together: passed and failed (extractions included, apart from transport errors).</summary>
    public CheckCounts ChecksTotal { get; private set; }

    /// <summary>Check verdicts by check name and tag.</summary>
    public IReadOnlyDictionary<CheckKey, CheckCounts> Checks => _checks;

    /// <summary>The instance id every histogram here is created with; Barrage never reads it.</summary>
    /// <remarks>
    /// HdrHistogram's constructors without an id draw one from a static counter, which runs HistogramBase's static
    /// initializer: it builds a compiled Regex (for tags Barrage does not use), loading System.Text.RegularExpressions
    /// and Reflection.Emit. Measured, that was about 0.02 CPU-s of every run's start.
    /// </remarks>
    internal const long NoInstanceId = 0;

    public void Add(in Sample sample)
    {
        if (sample.Result.NetCode == NetCodes.Dropped)
        {
            Dropped++;
            return;
        }
        Requests++;
        var result = sample.Result;
        BytesIn += result.BytesIn;
        BytesOut += result.BytesOut;
        CollectionsMarshalAdd(_netCodeCounts, result.NetCode);
        if (result.NetCode != NetCodes.Ok)
            NetErrors++;
        else if (result.StatusCode >= 400)
            HttpErrors++;
        else
            Successes++;
        int key = Outcomes.StatusKey(result);
        if ((uint)key < (uint)_statusCounts.Length)
            _statusCounts[key]++;
        ServiceTime.RecordValue(Clamp(sample.TotalUs));
        ResponseTime.RecordValue(Clamp(sample.ResponseTimeUs));
        DispatchLag.RecordValue(Clamp(sample.StartUs - sample.ScheduledUs));
    }

    /// <summary>Counts one check verdict.</summary>
    public void Add(in CheckSample check)
    {
        ChecksTotal = ChecksTotal.Add(check.Passed);
        var key = new CheckKey(check.Check, check.Tag);
        if (_checks.Count >= MaxCheckKeys && !_checks.ContainsKey(key))
            key = new CheckKey(OtherChecks, check.Tag);
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_checks, key, out _);
        slot = slot.Add(check.Passed);
    }

    /// <summary>Adds the verdicts of one check and tag counted elsewhere (a cluster agent's second).</summary>
    internal void AddChecks(CheckKey key, CheckCounts counts)
    {
        ChecksTotal = ChecksTotal.Add(counts);
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_checks, key, out _);
        slot = slot.Add(counts);
    }

    /// <summary>Adds another aggregate's counts and histograms to this one (exact).</summary>
    public void Add(Aggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Requests += other.Requests;
        Successes += other.Successes;
        NetErrors += other.NetErrors;
        HttpErrors += other.HttpErrors;
        BytesIn += other.BytesIn;
        BytesOut += other.BytesOut;
        for (var i = 0; i < _statusCounts.Length; i++)
            _statusCounts[i] += other._statusCounts[i];
        foreach (var (code, count) in other._netCodeCounts)
            _netCodeCounts[code] = _netCodeCounts.GetValueOrDefault(code) + count;
        ServiceTime.Add(other.ServiceTime);
        ResponseTime.Add(other.ResponseTime);
        DispatchLag.Add(other.DispatchLag);
        Dropped += other.Dropped;
        ChecksTotal = ChecksTotal.Add(other.ChecksTotal);
        foreach (var (key, counts) in other._checks)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_checks, key, out _);
            slot = slot.Add(counts);
        }
    }

    /// <summary>Adds counts decoded from elsewhere (a cluster agent's aggregate); histograms are added through their properties.</summary>
    internal void AddCounts(long requests, long successes, long netErrors, long httpErrors, long bytesIn, long bytesOut, long dropped,
        IEnumerable<KeyValuePair<int, long>> statusCounts, IEnumerable<KeyValuePair<int, long>> netCodeCounts)
    {
        Requests += requests;
        Successes += successes;
        NetErrors += netErrors;
        HttpErrors += httpErrors;
        BytesIn += bytesIn;
        BytesOut += bytesOut;
        Dropped += dropped;
        foreach (var (code, count) in statusCounts)
        {
            if ((uint)code < (uint)_statusCounts.Length)
                _statusCounts[code] += count;
        }
        foreach (var (code, count) in netCodeCounts)
            _netCodeCounts[code] = _netCodeCounts.GetValueOrDefault(code) + count;
    }

    public void Reset()
    {
        Requests = Successes = NetErrors = HttpErrors = BytesIn = BytesOut = 0;
        Array.Clear(_statusCounts);
        _netCodeCounts.Clear();
        ServiceTime.Reset();
        ResponseTime.Reset();
        DispatchLag.Reset();
        Dropped = 0;
        ChecksTotal = default;
        _checks.Clear();
    }

    private static void CollectionsMarshalAdd(Dictionary<int, long> counts, int key)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
        slot++;
    }

    private static long Clamp(long micros) => Math.Clamp(micros, 1, HighestTrackableMicros);
}
