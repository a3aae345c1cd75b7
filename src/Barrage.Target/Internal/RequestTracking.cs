using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Barrage.Target.Internal;

/// <summary>
/// The one middleware every request goes through (after routing): counts it, holds its response during a stall
/// window, drains and counts the body nobody read, and turns every failure into a response or an abort, so
/// nothing a client does reaches Kestrel's error logging or crashes the server.
/// </summary>
internal sealed class RequestTracking(ServerState state)
{
    private static readonly Func<object, Task> StallCallback = StallAsync;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        var control = endpoint?.Metadata.GetMetadata<ControlEndpoint>();
        if (control is { Counted: false })
        {
            await RunGuardedAsync(context, next);
            return;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? TargetStats.UnmatchedRoute;
        state.Stats.RequestStarted(context.Request.Method, context.Request.Path.Value ?? "/", route, context.Request.Protocol);
        try
        {
            if (control is null && state.Stall.IsActive)
                context.Response.OnStarting(StallCallback, (state.Stall, context));
            await RunGuardedAsync(context, next);
        }
        finally
        {
            state.Stats.RequestEnded(context.Response.StatusCode);
        }
    }

    private async Task RunGuardedAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
            if (ShouldDrain(context))
                await DrainAsync(context);
        }
        catch (Exception ex)
        {
            Recover(context, ex);
        }
    }

    private static Task StallAsync(object callbackState)
    {
        var (gate, context) = ((StallGate, HttpContext))callbackState;
        return gate.WaitAsync(context.RequestAborted).AsTask();
    }

    private static bool ShouldDrain(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
        && context.Response.StatusCode != StatusCodes.Status101SwitchingProtocols
        && !context.RequestAborted.IsCancellationRequested;

    // Kestrel would drain the unread body itself; doing it here costs the same and lets bytes_in count it
    private async Task DrainAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            state.Stats.AddBytesIn(result.Buffer.Length);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
                return;
        }
    }

    private void Recover(HttpContext context, Exception ex)
    {
        // BadHttpRequestException is an IOException too, but it is the client's mistake, not its absence
        bool clientGone = context.RequestAborted.IsCancellationRequested
            || ex is ConnectionResetException or WebSocketException or SocketException or (IOException and not BadHttpRequestException);
        if (clientGone)
            return;

        if (!context.Response.HasStarted && !state.Stopping.IsCancellationRequested)
        {
            // a request Kestrel rejects while the body is read (too large, bad chunking) keeps Kestrel's status
            context.Response.Clear();
            context.Response.StatusCode = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            return;
        }
        // half a response cannot be taken back; an abort tells the client it is broken
        context.Abort();
    }
}
