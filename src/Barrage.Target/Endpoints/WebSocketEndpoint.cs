using System.Buffers;
using System.Net.WebSockets;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/ws/echo</c>: a web socket that sends back every frame as it arrives (same type, same message boundaries)
/// and answers a close with the same close status. A request that is not an upgrade gets 400.
/// </summary>
internal sealed class WebSocketEndpoint(ServerState state)
{
    private const int BufferSize = 16 * 1024;

    public async Task Handle(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Responses.TextAsync(context, state.Stats, 400, "expected a web socket upgrade");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await EchoAsync(socket, buffer, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the client went away or the server is stopping: nothing left to say to anyone
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task EchoAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure,
                    socket.CloseStatusDescription, cancellationToken);
                return;
            }
            state.Stats.AddBytesIn(received.Count);
            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
            state.Stats.AddBytesOut(received.Count);
            if (received.EndOfMessage)
                state.Stats.WebSocketMessageEchoed();
        }
    }
}
