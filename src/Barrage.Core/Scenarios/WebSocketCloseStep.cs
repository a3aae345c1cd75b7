using Barrage.Transport;
using Barrage.Transport.WebSockets;

namespace Barrage.Scenarios;

/// <summary>Closes one of the user's sockets properly (<c>ws_close</c>) and forgets it; a socket that is not open gives net code 104.</summary>
internal sealed class WebSocketCloseStep(string socket, TimeSpan? timeout, string tag) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
            return false;
        var scheduled = ActivitySample.TakeScheduled(user);
        var start = user.Runtime.Timer.Starting();
        var result = user.Socket(socket) is { } session
            ? await session.CloseAsync(timeout ?? TimeSpan.Zero, user.Hard)
            : WebSocketSession.Failed(NetCodes.ConnectionReset);
        await user.RemoveSocketAsync(socket);
        ActivitySample.Record(user, tag, start, scheduled, result);
        return true;
    }
}
