using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Barrage.Engine;
using Barrage.Reporting.Security;
using Barrage.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
/// <para>
/// It is served by Kestrel, not by prometheus-net's <c>MetricServer</c>: that one is built on <c>HttpListener</c>,
/// whose managed Linux implementation crashes the whole process (an unhandled <c>ArgumentNullException</c> in
/// <c>HttpEndPointListener.ProcessAccept</c>, on a thread-pool thread) when a connection arrives while it starts,
/// which is just what a scraper polling a restarting load test does. The test suite hit it.
/// </para>
/// </remarks>
public sealed class PrometheusExporter : ISampleSink, IAsyncDisposable
{
    private static readonly double[] Buckets = Histogram.ExponentialBuckets(0.0005, 2, 17);

    private readonly Counter _requests;
    private readonly Counter _dropped;
    private readonly Histogram _service;
    private readonly Histogram _response;
    private readonly ConcurrentDictionary<(string Tag, int Status, int Net), Counter.Child> _requestChildren = new();
    private readonly ConcurrentDictionary<string, (Histogram.Child Service, Histogram.Child Response)> _timeChildren = new(StringComparer.Ordinal);
    private readonly CollectorRegistry _registry;
    private readonly byte[]? _token;
    private WebApplication? _server;

    private PrometheusExporter(PrometheusAddress address, Func<RunGauges> gauges)
    {
        Address = address;
        _token = string.IsNullOrEmpty(address.Token) ? null : System.Text.Encoding.UTF8.GetBytes(address.Token);
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
        _registry = registry;
    }

    /// <summary>Where it listens.</summary>
    public PrometheusAddress Address { get; }

    /// <summary>Starts serving on <paramref name="address"/>: the exporter, or why it could not (port taken...).</summary>
    /// <param name="address">Where to listen, and the bearer token every scrape must carry (<see cref="PrometheusAddress.Token"/>; null for none).</param>
    /// <param name="gauges">Read at each scrape: the run's users, in-flight requests and planned rate.</param>
    public static async Task<(PrometheusExporter? Exporter, string? Error)> StartAsync(PrometheusAddress address, Func<RunGauges> gauges)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(gauges);
        var exporter = new PrometheusExporter(address, gauges);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PrometheusExporter).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address.Host, address.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(exporter.ServeAsync);
        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await app.DisposeAsync();
            // Kestrel wraps the socket's error ("Address already in use") in an IOException of its own.
            var reason = e.InnerException?.Message ?? e.Message;
            return (null, $"cannot serve Prometheus metrics on {address.Host}:{address.Port.ToString(CultureInfo.InvariantCulture)}: {reason}");
        }
        exporter._server = app;
        return (exporter, null);
    }

    /// <summary>
    /// <c>GET /metrics</c> (and <c>/metrics/</c>): the registry in Prometheus' text format; 404 for any other path, 401
    /// without the token when there is one.
    /// </summary>
    private async Task ServeAsync(HttpContext context)
    {
        if (_token is not null && !AccessTokens.Matches(AccessTokens.FromBearer(context.Request.Headers.Authorization.ToString()), _token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }
        var path = context.Request.Path.Value;
        if (path is not ("/metrics" or "/metrics/"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8"; // the text exposition format
        if (HttpMethods.IsHead(context.Request.Method))
            return;
        await _registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
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

    /// <summary>Stops serving (a scrape in progress gets at most a second to finish).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync();
            await server.DisposeAsync();
        }
    }
}
