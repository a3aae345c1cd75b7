using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Unicode;
using Barrage.Formats.Har;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Barrage.Target.Recording;

/// <summary>
/// An HTTP proxy that passes traffic through unchanged and records every request with its timing, so
/// <see cref="HarImport"/> can turn a real session into a plan. Forward mode takes absolute-form requests
/// (a browser or client configured to use the proxy); reverse mode sends everything to one upstream.
/// HTTPS through CONNECT is not recorded (that would need a certificate the client trusts): use reverse
/// mode with an https upstream instead.
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
    private int _binaryBodies;

    private RecordingProxy(RecordingProxyOptions options, IPEndPoint endPoint)
    {
        _options = options;
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,           // the client's cookies pass through as headers, unchanged
            AllowAutoRedirect = false,    // a redirect is the client's to follow (and to be recorded then)
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(RecordingProxy).Assembly.GetName().Name });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endPoint);
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
        var bound = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => new Uri(a)).FirstOrDefault();
        proxy.Address = ListenAddress.BaseAddressFor(new IPEndPoint(endPoint.Address, bound?.Port ?? endPoint.Port));
        return proxy;
    }

    /// <summary>What was recorded so far, in the order requests started.</summary>
    public IReadOnlyList<HarEntry> Recorded()
    {
        lock (_recorded)
            return [.. _recorded.OrderBy(e => e.Started)];
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
            await Refuse(context, StatusCodes.Status405MethodNotAllowed,
                "Barrage's recording proxy does not record HTTPS through CONNECT; run it in reverse mode with --target https://...");
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
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
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
                request.ContentType, Text(body)));
        }
    }

    // Forward mode: the absolute-form target; reverse mode: the upstream origin with the request's path.
    private Uri? Upstream(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (Uri.TryCreate(raw, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute;
        if (_options.Upstream is not { } upstream)
            return null;
        return new Uri(upstream.GetLeftPart(UriPartial.Authority) + (raw.StartsWith('/') ? raw : "/" + raw));
    }

    private string? Text(MemoryStream body)
    {
        if (body.Length == 0)
            return null;
        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        if (!bytes.Contains((byte)0) && Utf8.IsValid(bytes))
            return Encoding.UTF8.GetString(bytes);
        Interlocked.Increment(ref _binaryBodies);
        return null;
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
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _client.Dispose();
        _recordedSignal.Dispose();
    }
}
