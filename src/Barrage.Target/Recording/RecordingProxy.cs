using System.Diagnostics;
using System.Net;
using Barrage.Formats.Har;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Barrage.Target.Recording;

/// <summary>
/// An HTTP proxy that passes traffic through unchanged and records every request with its timing, so
/// <see cref="HarImport"/> can turn a real session into a plan. Forward mode takes absolute-form requests
/// (a browser or client configured to use the proxy); reverse mode sends everything to one upstream.
/// HTTPS through CONNECT is tunnelled but not recorded (that would need a certificate the client trusts): the
/// tunnels' hosts are listed in <see cref="Tunnels"/>; reverse mode with an https upstream records HTTPS, and so does
/// forward mode with <see cref="RecordingProxyOptions.Mitm"/> (a local CA the client trusts). Responses
/// are recorded too (bodies up to <see cref="RecordingProxyOptions.MaxResponseBodyBytes"/>), so values they carry
/// can be traced into later requests.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    // Connection-level headers: the proxy's two connections each have their own.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Host", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly RecordingProxyOptions _options;
    private readonly List<HarEntry> _recorded = [];
    private readonly SemaphoreSlim _recordedSignal = new(0);
    private readonly Dictionary<string, int> _tunnels = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly MitmConnections? _mitm;
    private readonly ConnectTunnel _tunnel;
    private ListenOptions? _listener;
    private int _binaryBodies;

    private RecordingProxy(RecordingProxyOptions options, IPEndPoint endPoint)
    {
        _options = options;
        _mitm = options.Mitm is null ? null : new MitmConnections();
        _tunnel = new ConnectTunnel(Tunnelled, _mitm, _stopping.Token);
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,           // the client's cookies pass through as headers, unchanged
            AllowAutoRedirect = false,    // a redirect is the client's to follow (and to be recorded then)
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = options.InsecureUpstream ? (_, _, _, _) => true : null },
        }) { Timeout = Timeout.InfiniteTimeSpan };
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(RecordingProxy).Assembly.GetName().Name });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endPoint, listen =>
            {
                _listener = listen;
                listen.Use(next => connection => _tunnel.HandleAsync(connection, next));
            });
            if (options.Mitm is { } ca && _mitm is { } mitm)
            {
                // The decrypting listener: only the tunnels connect to it (loopback, a free port).
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    mitm.Listener = listen;
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseHttps(https => https.ServerCertificateSelector = (connection, sni) =>
                        ca.ServerCertificateFor(sni is { Length: > 0 } ? sni : TunnelHost(mitm, connection)));
                });
            }
        });
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    /// <summary>Where clients send their requests (reverse mode) or set as their proxy (forward mode).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>How many requests were recorded so far.</summary>
    public int Count
    {
        get
        {
            lock (_recorded)
                return _recorded.Count;
        }
    }

    /// <summary>Request bodies that were not text and so were recorded without their body.</summary>
    public int BinaryBodies => Volatile.Read(ref _binaryBodies);

    /// <summary>Starts listening.</summary>
    /// <exception cref="ArgumentException">The listen address or the upstream is not valid.</exception>
    public static async Task<RecordingProxy> StartAsync(RecordingProxyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ListenAddress.TryParse(options.Listen, out var endPoint, out var error))
            throw new ArgumentException(error, nameof(options));
        if (options.Upstream is { } upstream && (!upstream.IsAbsoluteUri || upstream.Scheme is not ("http" or "https")))
            throw new ArgumentException($"the upstream '{upstream}' is not an absolute http(s) URL", nameof(options));
        var proxy = new RecordingProxy(options, endPoint);
        try
        {
            await proxy._app.StartAsync(cancellationToken);
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
        // the clients' listener, with the port it was given (the decrypting one, if any, is only for the tunnels)
        proxy.Address = ListenAddress.BaseAddressFor(new IPEndPoint(endPoint.Address, proxy._listener?.IPEndPoint?.Port ?? endPoint.Port));
        return proxy;
    }

    /// <summary>The hosts (<c>host:port</c>) clients opened CONNECT tunnels to, with how many; their traffic is not recorded.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Tunnels()
    {
        lock (_tunnels)
            return [.. _tunnels.OrderBy(t => t.Key, StringComparer.Ordinal)];
    }

    /// <summary>What was recorded so far, in the order requests started, numbered in that order.</summary>
    public IReadOnlyList<HarEntry> Recorded()
    {
        // Entries are added as requests end; the plan (and its comments naming "request N") goes by when they began.
        lock (_recorded)
            return [.. _recorded.OrderBy(e => e.Started).Select((e, i) => e with { Index = i })];
    }

    /// <summary>Completes when at least <paramref name="count"/> requests have been recorded.</summary>
    public async Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        while (Count < count)
            await _recordedSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var request = context.Request;
        if (HttpMethods.IsConnect(request.Method))
        {
            // A CONNECT first on a connection never gets here (ConnectTunnel takes it before HTTP parsing); one after
            // other requests does, and the connection is handed back to become the tunnel.
            if (!await _tunnel.ContinueAsync(context))
                await Refuse(context, StatusCodes.Status405MethodNotAllowed, "Barrage's recording proxy does not tunnel CONNECT inside a decrypted tunnel.");
            return;
        }
        if (Upstream(context) is not { } url)
        {
            await Refuse(context, StatusCodes.Status400BadRequest,
                "This proxy runs in forward mode: configure the client to use it as its HTTP proxy, or start it with --target URL.");
            return;
        }
        if (request.ContentLength > _options.MaxBodyBytes)
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, $"Request bodies over {_options.MaxBodyBytes} bytes are not recorded.");
            return;
        }

        HarResponse? recordedResponse = null;
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        using var upstream = new HttpRequestMessage(new HttpMethod(request.Method), url);
        if (body.Length > 0 || request.ContentLength is not null)
            upstream.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, value) in headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            if (!upstream.Headers.TryAddWithoutValidation(name, value))
                upstream.Content?.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _client.SendAsync(upstream, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
                context.Response.Headers[header.Key] = header.Value.ToArray();
            if (response.Content.Headers.ContentLength is { } length)
                context.Response.ContentLength = length;
            var captured = await CopyAsync(response, context);
            recordedResponse = new HarResponse(
                (int)response.StatusCode,
                [.. response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))],
                response.Content.Headers.ContentType?.ToString(),
                captured is null ? null : BodyText.Decode(captured, string.Join(",", response.Content.Headers.ContentEncoding)));
        }
        catch (HttpRequestException e)
        {
            // What the client did is still worth recording; the upstream's failure is the client's to see.
            if (!context.Response.HasStarted)
                await Refuse(context, StatusCodes.Status502BadGateway, $"The upstream {url.GetLeftPart(UriPartial.Authority)} failed: {e.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away; record what it asked for all the same
        }
        finally
        {
            Record(new HarEntry(0, null, started, clock.Elapsed, request.Method.ToUpperInvariant(), url, headers,
                request.ContentType, Text(body)) { Response = recordedResponse });
        }
    }

    // No SNI (an IP literal, or a client that sends none): the certificate is for the host the tunnel was opened to.
    private static string TunnelHost(MitmConnections mitm, ConnectionContext? connection) =>
        connection?.RemoteEndPoint is IPEndPoint remote && mitm.TryGet(remote.Port, out var target) ? target.Host : "localhost";

    // Forward mode: the absolute-form target; reverse mode: the upstream origin with the request's path; a decrypted
    // tunnel: its host over https, with the request's path.
    private Uri? Upstream(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (_mitm is { } mitm && mitm.IsInternal(context.Connection.LocalIpAddress, context.Connection.LocalPort))
        {
            if (!mitm.TryGet(context.Connection.RemotePort, out var tunnel))
                return null;
            var origin = new UriBuilder(Uri.UriSchemeHttps, tunnel.Host, tunnel.Port).Uri;
            return new Uri(origin.GetLeftPart(UriPartial.Authority) + (raw.StartsWith('/') ? raw : "/" + raw));
        }
        if (Uri.TryCreate(raw, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute;
        if (_options.Upstream is not { } upstream)
            return null;
        return new Uri(upstream.GetLeftPart(UriPartial.Authority) + (raw.StartsWith('/') ? raw : "/" + raw));
    }

    // Passes the body to the client as it comes, keeping a copy while it is small enough to be worth tracing.
    private async Task<byte[]?> CopyAsync(HttpResponseMessage response, HttpContext context)
    {
        await using var from = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        MemoryStream? copy = new();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            if (copy is not null && copy.Length + read <= _options.MaxResponseBodyBytes)
                copy.Write(buffer, 0, read);
            else
                copy = null;
        }
        return copy?.ToArray();
    }

    private string? Text(MemoryStream body)
    {
        if (body.Length == 0)
            return null;
        if (BodyText.From(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } text)
            return text;
        Interlocked.Increment(ref _binaryBodies);
        return null;
    }

    private void Tunnelled(string authority)
    {
        lock (_tunnels)
            _tunnels[authority] = _tunnels.GetValueOrDefault(authority) + 1;
    }

    private void Record(HarEntry entry)
    {
        lock (_recorded)
            _recorded.Add(entry with { Index = _recorded.Count });
        _recordedSignal.Release();
    }

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }

    /// <summary>Stops listening; requests in flight get a moment to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        // Plain tunnels end at once (they would otherwise hold the stop for its whole grace); decrypted ones carry
        // recorded requests whose responses must get out first, and end when the listener behind them closes.
        if (_mitm is null)
            await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _client.Dispose();
        _recordedSignal.Dispose();
        _stopping.Dispose();
    }
}
