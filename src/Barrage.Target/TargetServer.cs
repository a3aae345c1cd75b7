using System.Net;
using Barrage.Target.Endpoints;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Barrage.Target;

/// <summary>
/// Barrage's built-in target web server (Kestrel): endpoints for demos and tests, live <see cref="Stats"/>, stalls
/// and faults on demand. Start it with <see cref="StartAsync"/>; it runs in-process until stopped or disposed.
/// </summary>
/// <remarks>
/// HTTP/1.1 (keep-alive) and 1.0, no TLS. Endpoints (any method unless noted; unknown paths 404; bad arguments 400):
/// <c>/</c>, <c>/bytes/{n}</c>, <c>/delay/{ms}</c>, <c>/status/{code}</c>, <c>/json?count=</c>, <c>/chunked/{n}?size=</c>,
/// <c>/gzip/{n}</c>, <c>/echo</c>, <c>/cookies/set?k=v</c>, <c>/cookies</c>, <c>/basic-auth/{user}/{pass}</c>,
/// <c>/bearer</c>, <c>/ws/echo</c>, <c>/stall?every=&amp;for=</c> (or <c>?off</c>), <c>/fault/reset</c>,
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
    private int _stopped;

    private TargetServer(WebApplication app, CancellationTokenSource stopping, ServerState state, Uri baseAddress)
    {
        _app = app;
        _stopping = stopping;
        State = state;
        BaseAddress = baseAddress;
    }

    /// <summary>The address clients use, with the real bound port, e.g. <c>http://127.0.0.1:41234/</c> (a wildcard listen address becomes loopback).</summary>
    public Uri BaseAddress { get; }

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
        if (options.Stall?.Validate() is string stallError)
            errors.Add(stallError);
        if (errors.Count > 0)
            throw new ArgumentException("Invalid target server options: " + string.Join("; ", errors) + ".", nameof(options));

        var stopping = new CancellationTokenSource();
        var stall = new StallGate(TimeProvider.System);
        stall.Set(options.Stall);
        var state = new ServerState(new TargetStats(), stall, stopping.Token);
        var app = Build(endPoint, state);
        try
        {
            await app.StartAsync(cancellationToken);
            return new TargetServer(app, stopping, state, BoundAddress(app, endPoint));
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }
    }

    // the empty builder: no configuration files, environment variables, console logging or developer pages
    private static WebApplication Build(IPEndPoint endPoint, ServerState state)
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
            kestrel.Listen(endPoint, listen =>
            {
                // without TLS (no ALPN) Kestrel serves one protocol per endpoint, and the clients under test speak 1.1
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => connection =>
                {
                    state.Stats.ConnectionAccepted();
                    return next(connection);
                });
            });
        });

        var app = builder.Build();
        app.UseWebSockets();
        app.UseRouting();
        app.Use(new RequestTracking(state).InvokeAsync);
        TargetRoutes.Map(app, state);
        return app;
    }

    private static Uri BoundAddress(WebApplication app, IPEndPoint requested)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var bound = addresses?.Select(address => new Uri(address)).FirstOrDefault();
        return ListenAddress.BaseAddressFor(new IPEndPoint(requested.Address, bound?.Port ?? requested.Port));
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
    }
}
