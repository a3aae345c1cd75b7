using System.Net.WebSockets;
using Barrage.Transport;
using Barrage.Transport.WebSockets;

namespace Barrage.Scenarios;

/// <summary>
/// Waits for the next message on one of the user's sockets (<c>ws_receive</c>) and runs its checks and extractions on
/// it, as on a response whose body is the message (status 101, no headers). A socket that is not open, or a server that
/// closes it instead of sending, gives net code 104; no message in time, 110.
/// </summary>
internal sealed class WebSocketReceiveStep(string socket, TimeSpan? timeout, ResponseRules rules, string tag) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
            return false;
        var scheduled = ActivitySample.TakeScheduled(user);
        var start = user.Runtime.Timer.Starting();
        var result = WebSocketSession.Failed(NetCodes.ConnectionReset);
        if (user.Socket(socket) is { } session)
        {
            var received = await session.ReceiveAsync(timeout ?? TimeSpan.Zero, null, user.Hard);
            result = received.Type switch
            {
                WebSocketMessageType.Close => received.Result with { NetCode = NetCodes.ConnectionReset, StatusCode = 0 },
                null => received.Result,
                _ => received.Result with { Response = Message(received) },
            };
        }
        var sample = ActivitySample.Record(user, tag, start, scheduled, result);
        CheckVerdicts.Apply(user, rules, new CheckInput(result, sample.TotalUs), tag, sample.StartUs);
        return user.Failed == CheckFailureAction.Continue;
    }

    private static ResponseView Message(in WebSocketReceived received) =>
        new(WebSocketSession.UpgradedStatus, [], received.Payload.ToArray(), received.Payload.Length, WebSocketSession.MaxMessageBytes);
}
