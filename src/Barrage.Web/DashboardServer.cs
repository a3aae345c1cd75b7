using System.Net;
using Barrage.Reporting.Security;
using Barrage.Web.Api;
using Barrage.Web.Live;
using Barrage.Web.Pages;
using Barrage.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Barrage.Web;

/// <summary>
/// The dashboard (Kestrel, minimal APIs): history, live runs, run detail, comparison and the Start page over the run
/// store. Listens on loopback unless given a token; see <see cref="DashboardOptions"/>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RunControl _runs;

    private DashboardServer(WebApplication app, RunControl runs, Uri url, string? token)
    {
        _app = app;
        _runs = runs;
        Url = url;
        Token = token;
    }

    /// <summary>The dashboard's address.</summary>
    public Uri Url { get; }

    /// <summary>The token requests must carry (given, or generated for an address other than loopback); null for none.</summary>
    public string? Token { get; }

    /// <summary>The address to open in a browser: with <c>?token=</c> when there is a token.</summary>
    public Uri BrowserUrl => Token is null ? Url : new Uri(Url, "?token=" + Uri.EscapeDataString(Token));

    /// <summary>The address of live run <paramref name="number"/>'s page (with the token link when there is one).</summary>
    public Uri LivePageUrl(int number) => new(BrowserUrl + $"#/live/{number}");

    /// <summary>Starts serving; throws <see cref="ArgumentException"/> for a listen address that is not host:port.</summary>
    /// <param name="options">Where to listen, the store, the plans folder, the token.</param>
    /// <param name="launcher">Runs plans for the Start page; null for a dashboard that cannot start runs.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DashboardServer> StartAsync(DashboardOptions options, IRunLauncher? launcher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endPoint = ParseListen(options.Listen);
        var token = string.IsNullOrEmpty(options.Token) ? null : options.Token;
        var loopback = IPAddress.IsLoopback(endPoint.Address);
        // Anything but loopback is reachable by others: never without a token.
        if (!loopback && token is null)
            token = AccessTokens.Generate();
        var runs = new RunControl(launcher, options.AllowConcurrentRuns);
        var ctx = new DashboardContext(options with { Token = token }, runs);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddRoutingCore();
        builder.Services.ConfigureHttpJsonOptions(_ => { });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endPoint, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var guard = new RequestGuard(token, loopback);
        app.Use(guard.InvokeAsync);
        app.UseRouting();
        PageAssets.Map(app);
        RunsApi.Map(app, ctx);
        LiveApi.Map(app, ctx);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            await runs.DisposeAsync();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a)).FirstOrDefault();
        var port = bound?.Port ?? endPoint.Port;
        var host = endPoint.Address.Equals(IPAddress.Any) ? "127.0.0.1"
            : endPoint.Address.Equals(IPAddress.IPv6Any) ? "[::1]"
            : endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
        return new DashboardServer(app, runs, new Uri($"http://{host}:{port}/"), token);
    }

    /// <summary>Follows a run started elsewhere (<c>run PLAN --ui</c>): returns its number and the feed to hand the run.</summary>
    /// <param name="name">The plan's name.</param>
    /// <param name="stop">Cancelled by the page's Stop button.</param>
    public (int Number, ILiveRunFeed Feed) Follow(string name, CancellationTokenSource stop)
    {
        var (number, run) = _runs.Attach(name, stop);
        return (number, run);
    }

    /// <summary>Marks a followed run finished (its page shows the end and links to its detail).</summary>
    public void Finished(ILiveRunFeed feed, int exitCode)
    {
        if (feed is LiveRun run)
            run.Finish(exitCode);
    }

    /// <summary>Stops the runs the dashboard started, then the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _runs.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary><c>host:port</c>, <c>[v6]:port</c>, <c>localhost:port</c> or <c>*:port</c>.</summary>
    internal static IPEndPoint ParseListen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : "";
        var rest = colon > 0 ? text[(colon + 1)..] : "";
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            text = "127.0.0.1:" + rest;
        else if (host == "*")
            text = "0.0.0.0:" + rest;
        if (colon < 0 || !IPEndPoint.TryParse(text, out var endPoint) || (!text.StartsWith('[') && endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6))
            throw new ArgumentException($"'{text}' is not host:port (an IP address, localhost or *; IPv6 in brackets: [::1]:8089)", nameof(text));
        return endPoint;
    }
}
