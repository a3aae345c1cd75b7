using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Internal;

/// <summary>
/// Writes bytes Kestrel would refuse to write (a broken status line, a short body, an interim response) straight to
/// an HTTP/1.x connection's socket, and ends the connection abruptly.
/// </summary>
/// <remarks>
/// Bytes go past Kestrel's output pipe, so they are in order only when Kestrel has nothing unsent on the
/// connection: true for a client that waits for each response before sending the next request (no pipelining).
/// They go to the socket itself rather than the pipe because aborting a Kestrel connection drops whatever the
/// pipe has not sent yet, and the point of these endpoints is that the client sees exactly these bytes.
/// </remarks>
internal static class RawConnection
{
    /// <summary>The socket under an HTTP/1.x request, or null (HTTP/2 multiplexes streams over one socket, other transports have none).</summary>
    public static Socket? SocketOf(HttpContext context)
    {
        var protocol = context.Request.Protocol;
        if (!HttpProtocol.IsHttp11(protocol) && !HttpProtocol.IsHttp10(protocol))
            return null;
        return context.Features.Get<IConnectionSocketFeature>()?.Socket;
    }

    /// <summary>Sends all of <paramref name="data"/>.</summary>
    public static async ValueTask SendAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }

    /// <summary>Closes with a TCP reset (linger 0), then lets Kestrel forget the connection.</summary>
    public static void Reset(HttpContext context, Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
        context.Abort();
    }

    /// <summary>Sends FIN (the peer reads end of stream), then lets Kestrel close the connection.</summary>
    public static void Close(HttpContext context, Socket socket)
    {
        socket.Shutdown(SocketShutdown.Send);
        context.Abort();
    }
}
