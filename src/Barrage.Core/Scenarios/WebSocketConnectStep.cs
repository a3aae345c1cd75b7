using Barrage.Plans;
using Barrage.Transport;
using Barrage.Transport.WebSockets;

namespace Barrage.Scenarios;

/// <summary>Opens one of the user's sockets (<c>ws_connect</c>), dropping the one open under its name, and records the connect.</summary>
internal sealed class WebSocketConnectStep(
    string socket, Template url, Uri baseAddress, (string Name, Template Value)[] headers, string? subprotocol, TimeSpan? timeout, string tag) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
            return false;
        var runtime = user.Runtime;
        var session = new WebSocketSession(runtime.TransportOptions) { Subprotocol = subprotocol };
        await user.PutSocketAsync(socket, session);
        var address = url.Render(user);
        var scheduled = ActivitySample.TakeScheduled(user);
        var start = runtime.Timer.Starting();
        TransportResult result;
        try
        {
            var uri = WebSocketUrl.Resolve(baseAddress, address);
            var rendered = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value.Render(user).ReplaceLineEndings(" "))).ToList();
            result = await session.ConnectAsync(uri, rendered, timeout ?? TimeSpan.Zero, user.Hard);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            // a URL or header that only went wrong once its macros were rendered: the socket never left
            runtime.Log?.Write($"[user {user.UserId}] {tag}: cannot connect to {PlanRules.Quote(address)}: {e.Message}");
            result = WebSocketSession.Failed(NetCodes.Other);
        }
        ActivitySample.Record(user, tag, start, scheduled, result);
        return true;
    }
}
