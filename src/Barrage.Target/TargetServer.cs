using System.Net;
using System.Security.Cryptography.X509Certificates;
using Barrage.Target.Endpoints;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Barrage.Target;

/// <summary>
/// Barrage's built-in target web server (Kestrel): endpoints for demos and tests, live <see cref="Stats"/>, stalls
/// and faults on demand. Start it with <see cref="StartAsync"/>; it runs in-process until stopped or disposed.
/// </summary>
/// <remarks>
/// HTTP/1.1 (keep-alive) and 1.0 on <see cref="BaseAddress"/>; optionally HTTP/2 without TLS (h2c, prior knowledge)
/// on <see cref="Http2Address"/> and https (HTTP/1.1 or HTTP/2 by ALPN, self-signed) on <see cref="TlsAddress"/>; the
/// same endpoints on each. Endpoints (any method unless noted; unknown paths 404; bad arguments 400):
/// <c>/</c>, <c>/bytes/{n}</c>, <c>/delay/{ms}</c>, <c>/status/{code}</c>, <c>/json?count=</c>, <c>/chunked/{n}?size=</c>,
/// <c>/gzip/{n}</c>, <c>/echo</c>, <c>/cookies/set?k=v</c>, <c>/cookies</c>, <c>/basic-auth/{user}/{pass}</c>,
/// <c>/bearer</c>, <c>/ws/echo?delay=&amp;close_after=&amp;abort_on=</c>, <c>/stall?every=&amp;for=</c> (or <c>?off</c>), <c>/fault/reset</c>,
/// <c>/fault/close</c>, <c>/fault/malformed</c>, <c>/fault/slow-body?bytes=&amp;chunk=&amp;interval=</c>,
/// <c>GET /stats</c>, <c>POST /stats/reset</c>. Bodies of <c>/bytes</c>, <c>/chunked</c>, <c>/gzip</c> (once
/// decompressed) and the faults are the same deterministic text: byte i is <c>'a' + i % 26</c>.
/// </remarks>
public sealed class TargetServer : IAsyncDisposable
{
    // requests still running when the server stops get this long before Kestrel cuts them off
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly X509Certificate2? _certificate;
    private int _stopped;

    private TargetServer(WebApplication app, CancellationTokenSource stopping, ServerState state, Listeners listeners)
    {
        _app = app;
        _stopping = stopping;
        _certificate = listeners.Certificate;
        State = state;
        BaseAddress = BoundAddress(listeners.Http1!, "http");
        Http2Address = listeners.Http2 is { } h2 ? BoundAddress(h2, "http") : null;
        TlsAddress = listeners.Tls is { } tls ? BoundAddress(tls, "https") : null;
    }

    /// <summary>The address clients use, with the real bound port, e.g. <c>http://127.0.0.1:41234/</c> (a wildcard listen address becomes loopback).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The h2c (HTTP/2 without TLS, prior knowledge) address when <see cref="TargetServerOptions.Http2Listen"/> was given; else null.</summary>
    public Uri? Http2Address { get; }

    /// <summary>The https address (self-signed; HTTP/1.1 or HTTP/2 by ALPN) when <see cref="TargetServerOptions.TlsListen"/> was given; else null.</summary>
    public Uri? TlsAddress { get; }

    /// <summary>Live counters, thread-safe; <c>GET /stats</c> serves the same data.</summary>
    public TargetStats Stats => State.Stats;

    internal ServerState State { get; }

    /// <summary>Starts a server; throws <see cref="ArgumentException"/> for a bad listen address or stall schedule.</summary>
    public static async Task<TargetServer> StartAsync(TargetServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!ListenAddress.TryParse(options.Listen, out var endPoint, out var listenError))
            errors.Add(listenError!);
        IPEndPoint? h2EndPoint = null, tlsEndPoint = null;
        if (options.Http2Listen is not null && !ListenAddress.TryParse(options.Http2Listen, out h2EndPoint, out var h2Error))
            errors.Add("HTTP/2 listener: " + h2Error);
        if (options.TlsListen is not null && !ListenAddress.TryParse(options.TlsListen, out tlsEndPoint, out var tlsError))
            errors.Add("TLS listener: " + tlsError);
        if (options.Stall?.Validate() is string stallError)
            errors.Add(stallError);
        if (errors.Count > 0)
            throw new ArgumentException("Invalid target server options: " + string.Join("; ", errors) + ".", nameof(options));

        var stopping = new CancellationTokenSource();
        var stall = new StallGate(TimeProvider.System);
        stall.Set(options.Stall);
        var state = new ServerState(new TargetStats(), stall, stopping.Token);
        var listeners = new Listeners { Certificate = tlsEndPoint is null ? null : SelfSignedCertificate.Create() };
        var app = Build(endPoint, h2EndPoint, tlsEndPoint, listeners, state);
        try
        {
            await app.StartAsync(cancellationToken);
            return new TargetServer(app, stopping, state, listeners);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            listeners.Certificate?.Dispose();
            throw;
        }
    }

    // the empty builder: no configuration files, environment variables, console logging or developer pages
    private static WebApplication Build(IPEndPoint endPoint, IPEndPoint? h2EndPoint, IPEndPoint? tlsEndPoint, Listeners listeners, ServerState state)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TargetServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownGrace);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // bodies are streamed and drained, never buffered whole (echo caps its own), so size is no danger
            kestrel.Limits.MaxRequestBodySize = null;
            // many streams per connection is what an HTTP/2 load test is about; Kestrel's default is 100
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            // without TLS (no ALPN) Kestrel serves one protocol per endpoint (it does not sniff the HTTP/2
            // preface), hence a cleartext port for each protocol
            kestrel.Listen(endPoint, listen => listeners.Http1 = Counted(listen, HttpProtocols.Http1, state));
            if (h2EndPoint is not null)
                kestrel.Listen(h2EndPoint, listen => listeners.Http2 = Counted(listen, HttpProtocols.Http2, state));
            if (tlsEndPoint is not null)
            {
                kestrel.Listen(tlsEndPoint, listen =>
                {
                    listeners.Tls = Counted(listen, HttpProtocols.Http1AndHttp2, state);
                    listen.UseHttps(listeners.Certificate!);
                });
            }
        });

        var app = builder.Build();
        app.UseWebSockets();
        app.UseRouting();
        app.Use(new RequestTracking(state).InvokeAsync);
        TargetRoutes.Map(app, state);
        return app;
    }

    private static ListenOptions Counted(ListenOptions listen, HttpProtocols protocols, ServerState state)
    {
        listen.Protocols = protocols;
        listen.Use(next => connection =>
        {
            state.Stats.ConnectionAccepted();
            return next(connection);
        });
        return listen;
    }

    // Kestrel writes the bound endpoint (the real port when 0 was asked) back into the listen options
    private static Uri BoundAddress(ListenOptions listen, string scheme)
    {
        var address = ListenAddress.BaseAddressFor(listen.IPEndPoint!);
        return scheme == "http" ? address : new UriBuilder(address) { Scheme = scheme }.Uri;
    }

    // the listen options of each endpoint, filled in when Kestrel is configured
    private sealed class Listeners
    {
        public X509Certificate2? Certificate { get; init; }

        public ListenOptions? Http1 { get; set; }

        public ListenOptions? Http2 { get; set; }

        public ListenOptions? Tls { get; set; }
    }

    /// <summary>Stops accepting, ends waits in progress (delays, trickles, web sockets) and stops the server.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        await _stopping.CancelAsync();
        await _app.StopAsync(cancellationToken);
    }

    /// <summary>Stops the server (if running) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        _certificate?.Dispose();
    }
}
