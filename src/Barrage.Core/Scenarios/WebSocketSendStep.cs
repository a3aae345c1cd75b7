using System.Text;
using Barrage.Transport;
using Barrage.Transport.WebSockets;

namespace Barrage.Scenarios;

/// <summary>Sends a message on one of the user's sockets (<c>ws_send</c>); on a socket that is not open, the sample gets net code 32.</summary>
internal sealed class WebSocketSendStep(string socket, Template message, bool binary, TimeSpan? timeout, string tag) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
            return false;
        var text = message.Render(user);
        var scheduled = ActivitySample.TakeScheduled(user);
        var start = user.Runtime.Timer.Starting();
        var result = user.Socket(socket) is not { } session
            ? WebSocketSession.Failed(NetCodes.BrokenPipe)
            : binary
                ? await session.SendAsync(Encoding.UTF8.GetBytes(text), timeout ?? TimeSpan.Zero, user.Hard)
                : await session.SendAsync(text, timeout ?? TimeSpan.Zero, user.Hard);
        ActivitySample.Record(user, tag, start, scheduled, result);
        return true;
    }
}
