using System.Buffers;
using System.Net.WebSockets;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/ws/echo?delay=&amp;close_after=&amp;abort_on=</c>: a web socket that sends back every frame as it arrives
/// (same type, same message boundaries) and answers a close with the same close status. <c>delay</c> (a duration
/// such as <c>200ms</c>, at most 60 s) holds each echo back; <c>close_after=n</c> closes the socket properly
/// (status 1000) after the n-th echoed message and <c>abort_on=n</c> drops the connection without a close frame
/// when message n arrives, instead of echoing it, so clients can meet slow servers, server closes and abrupt ends. A request that is not an upgrade, or
/// with a bad argument, gets 400.
/// </summary>
internal sealed class WebSocketEndpoint(ServerState state)
{
    private const int BufferSize = 16 * 1024;
    private const long MaxCount = 1_000_000;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    private sealed record Controls(TimeSpan Delay, long CloseAfter, long AbortOn);

    public async Task Handle(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Responses.TextAsync(context, state.Stats, 400, "expected a web socket upgrade");
            return;
        }
        if (ReadControls(context) is not { } controls)
        {
            await Responses.TextAsync(context, state.Stats, 400,
                $"delay must be a duration such as 200ms (at most 60s); close_after and abort_on whole numbers from 1 to {MaxCount}");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            if (!await EchoAsync(socket, buffer, controls, stop.Token))
                context.Abort();
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

    private static Controls? ReadControls(HttpContext context)
    {
        var query = context.Request.Query;
        var delay = TimeSpan.Zero;
        if (query.ContainsKey("delay") && (!Durations.TryParse(query["delay"].ToString(), out delay) || delay > MaxDelay))
            return null;
        if (!BasicEndpoints.TryQueryNumber(context, "close_after", 0, MaxCount, out long closeAfter)
            || !BasicEndpoints.TryQueryNumber(context, "abort_on", 0, MaxCount, out long abortOn)
            || (query.ContainsKey("close_after") && closeAfter < 1) || (query.ContainsKey("abort_on") && abortOn < 1))
            return null;
        return new Controls(delay, closeAfter, abortOn);
    }

    // Returns false when the connection is to be dropped without a close frame.
    private async Task<bool> EchoAsync(WebSocket socket, byte[] buffer, Controls controls, CancellationToken cancellationToken)
    {
        long messages = 0;
        bool messageStart = true;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure,
                    socket.CloseStatusDescription, cancellationToken);
                return true;
            }
            state.Stats.AddBytesIn(received.Count);
            if (messageStart && messages + 1 == controls.AbortOn)
                return false;
            if (messageStart && controls.Delay > TimeSpan.Zero)
                await Task.Delay(controls.Delay, cancellationToken);
            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
            state.Stats.AddBytesOut(received.Count);
            messageStart = received.EndOfMessage;
            if (!received.EndOfMessage)
                continue;
            state.Stats.WebSocketMessageEchoed();
            messages++;
            if (messages == controls.CloseAfter)
            {
                // the server's close: the client answers it, and the connection ends when this handler returns
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "close_after", cancellationToken);
                return true;
            }
        }
    }
}
