using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Barrage.Engine;
using Barrage.Transport;
using Prometheus;

namespace Barrage.Reporting.Export;

/// <summary>
/// Live metrics of a running test in Prometheus' text format (prometheus-net), served on <c>/metrics</c>:
/// requests by tag, status and net code, service and response time histograms by tag, dropped arrivals,
/// users, requests in flight and the planned rate, plus the process' own (memory, GC, CPU).
/// </summary>
/// <remarks>
/// Each run gets its own registry, so two runs in one process (tests) do not share counters. The hot path
/// is two histogram observations and one counter increment on children cached per label set.
/// </remarks>
public sealed class PrometheusExporter : ISampleSink, IDisposable
{
    private static readonly double[] Buckets = Histogram.ExponentialBuckets(0.0005, 2, 17);

    private readonly Counter _requests;
    private readonly Counter _dropped;
    private readonly Histogram _service;
    private readonly Histogram _response;
    private readonly ConcurrentDictionary<(string Tag, int Status, int Net), Counter.Child> _requestChildren = new();
    private readonly ConcurrentDictionary<string, (Histogram.Child Service, Histogram.Child Response)> _timeChildren = new(StringComparer.Ordinal);
    private readonly MetricServer _server;

    private PrometheusExporter(PrometheusAddress address, Func<RunGauges> gauges)
    {
        Address = address;
        var registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("barrage_requests_total", "Requests completed, by tag, HTTP status (0: no response) and net code (0: ok).",
            new CounterConfiguration { LabelNames = ["tag", "status", "net_code"] });
        _dropped = factory.CreateCounter("barrage_dropped_total", "Open model: arrivals that found no free slot in time and were not sent.");
        _service = factory.CreateHistogram("barrage_service_time_seconds", "Service time (actual start to end of response), by tag.",
            new HistogramConfiguration { LabelNames = ["tag"], Buckets = Buckets });
        _response = factory.CreateHistogram("barrage_response_time_seconds", "Response time (scheduled start to end of response), by tag.",
            new HistogramConfiguration { LabelNames = ["tag"], Buckets = Buckets });
        var users = factory.CreateGauge("barrage_users", "Users running their scenario.");
        var inFlight = factory.CreateGauge("barrage_in_flight", "Requests waiting for their response.");
        var planned = factory.CreateGauge("barrage_planned_rate", "Open model: requests per second the schedule plans now (0 in a closed model).");
        var committed = factory.CreateGauge("barrage_gc_committed_bytes", "Memory the garbage collector has committed (live objects and free space it keeps).");
        registry.AddBeforeCollectCallback(() =>
        {
            var now = gauges();
            users.Set(now.Users);
            inFlight.Set(now.InFlight);
            planned.Set(now.PlannedRps ?? 0);
            committed.Set(GC.GetGCMemoryInfo().TotalCommittedBytes);
        });
        _server = new MetricServer(address.ListenerHost, address.Port, "metrics/", registry, useHttps: false);
    }

    /// <summary>Where it listens.</summary>
    public PrometheusAddress Address { get; }

    /// <summary>Starts serving on <paramref name="address"/>; <paramref name="error"/> says why it could not (port taken...).</summary>
    /// <param name="address">Where to listen.</param>
    /// <param name="gauges">Read at each scrape: the run's users, in-flight requests and planned rate.</param>
    /// <param name="error">Why the endpoint could not be started; null when it was.</param>
    public static PrometheusExporter? TryStart(PrometheusAddress address, Func<RunGauges> gauges, out string? error)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(gauges);
        var exporter = new PrometheusExporter(address, gauges);
        try
        {
            exporter._server.Start();
            error = null;
            return exporter;
        }
        catch (Exception e) when (e is HttpListenerException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            exporter.Dispose();
            error = $"cannot serve Prometheus metrics on {address.Host}:{address.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message}";
            return null;
        }
    }

    public void Record(in Sample sample)
    {
        var result = sample.Result;
        if (result.NetCode == NetCodes.Dropped)
        {
            _dropped.Inc();
            return;
        }
        var key = (sample.Tag, result.StatusCode, result.NetCode);
        if (!_requestChildren.TryGetValue(key, out var counter))
        {
            counter = _requestChildren.GetOrAdd(key, k => _requests.WithLabels(k.Tag,
                k.Status.ToString(CultureInfo.InvariantCulture), k.Net.ToString(CultureInfo.InvariantCulture)));
        }
        counter.Inc();
        if (!_timeChildren.TryGetValue(sample.Tag, out var times))
            times = _timeChildren.GetOrAdd(sample.Tag, t => (_service.WithLabels(t), _response.WithLabels(t)));
        times.Service.Observe(sample.TotalUs / 1e6);
        times.Response.Observe(sample.ResponseTimeUs / 1e6);
    }

    public void Dispose() => _server.Dispose();
}
