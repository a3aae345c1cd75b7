using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;

namespace Barrage.Transport.Http2;

/// <summary>
/// Turns what <c>SocketsHttpHandler</c> and <c>ClientWebSocket</c> throw into <see cref="NetCodes"/>, so the transports
/// over them report failures as values, as the HTTP/1.1 transport does. Exceptions that are none of the network's
/// doing (bugs) are not failures and stay exceptions.
/// </summary>
internal static class HttpFailures
{
    /// <summary>Whether <paramref name="e"/> is something the network or the server did (or a timeout), rather than a bug.</summary>
    public static bool IsTransportFailure(Exception e) =>
        e is OperationCanceledException or HttpRequestException or IOException or SocketException
            or AuthenticationException or WebSocketException;

    /// <summary>The net code of a transport failure; <paramref name="callerCancelled"/> wins over everything (the run is stopping).</summary>
    public static int ToNetCode(Exception e, bool callerCancelled)
    {
        if (callerCancelled)
            return NetCodes.Cancelled;
        if (e is OperationCanceledException || Find<TimeoutException>(e) is not null)
            return NetCodes.Timeout; // our own timeout, or the handler's connect timeout
        if (Find<AuthenticationException>(e) is not null)
            return NetCodes.TlsFailure;
        if (Find<SocketException>(e) is { } socket && FromSocket(socket.SocketErrorCode) is { } socketCode)
            return socketCode;

        var error = e switch
        {
            HttpRequestException r => r.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => Find<HttpRequestException>(e)?.HttpRequestError ?? Find<HttpIOException>(e)?.HttpRequestError,
        };
        return error switch
        {
            HttpRequestError.NameResolutionError => NetCodes.DnsFailure,
            HttpRequestError.SecureConnectionError => NetCodes.TlsFailure,
            HttpRequestError.ConnectionError => NetCodes.ConnectionRefused,
            HttpRequestError.ResponseEnded => NetCodes.ConnectionReset,
            // the server reset the stream (RST_STREAM) or the connection (GOAWAY) for a reason of its own: HTTP/2's resets;
            // PROTOCOL_ERROR, FRAME_SIZE_ERROR, COMPRESSION_ERROR and HTTP_1_1_REQUIRED say the exchange itself was wrong
            HttpRequestError.HttpProtocolError when Find<HttpProtocolException>(e) is { ErrorCode: not (0x1 or 0x6 or 0x9 or 0xd) }
                => NetCodes.ConnectionReset,
            HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse or HttpRequestError.VersionNegotiationError
                or HttpRequestError.ConfigurationLimitExceeded => NetCodes.ProtocolError,
            _ => e switch
            {
                WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely } => NetCodes.ConnectionReset,
                WebSocketException { WebSocketErrorCode: WebSocketError.NotAWebSocket or WebSocketError.HeaderError
                    or WebSocketError.UnsupportedProtocol or WebSocketError.UnsupportedVersion } => NetCodes.ProtocolError,
                IOException => NetCodes.ConnectionReset,
                _ => NetCodes.Other,
            },
        };
    }

    private static int? FromSocket(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => NetCodes.ConnectionRefused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => NetCodes.ConnectionReset,
        SocketError.TimedOut => NetCodes.Timeout,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => NetCodes.HostUnreachable,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => NetCodes.DnsFailure,
        _ => null,
    };

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }
        return null;
    }
}
