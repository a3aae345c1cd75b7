using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using Barrage.Transport;
using Barrage.Transport.Http2;

namespace Barrage.Core.Tests.Transport.Http2;

public sealed class HttpFailuresTests
{
    public static TheoryData<Exception, int> Failures() => new()
    {
        { new TaskCanceledException(), NetCodes.Timeout },
        { new HttpRequestException(HttpRequestError.ConnectionError, "connect", new TimeoutException()), NetCodes.Timeout },
        { Connect(SocketError.ConnectionRefused), NetCodes.ConnectionRefused },
        { Connect(SocketError.HostUnreachable), NetCodes.HostUnreachable },
        { Connect(SocketError.HostNotFound), NetCodes.DnsFailure },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "dns"), NetCodes.DnsFailure },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "tls", new AuthenticationException()), NetCodes.TlsFailure },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), NetCodes.ConnectionReset },
        { new HttpIOException(HttpRequestError.ResponseEnded, "ended"), NetCodes.ConnectionReset },
        { new IOException("read", new SocketException((int)SocketError.ConnectionReset)), NetCodes.ConnectionReset },
        { Protocol(0x2), NetCodes.ConnectionReset },   // INTERNAL_ERROR: the server gave up on the stream
        { Protocol(0x8), NetCodes.ConnectionReset },   // CANCEL
        { Protocol(0x1), NetCodes.ProtocolError },     // PROTOCOL_ERROR
        { Protocol(0xd), NetCodes.ProtocolError },     // HTTP_1_1_REQUIRED
        { new HttpRequestException(HttpRequestError.InvalidResponse, "bad"), NetCodes.ProtocolError },
        { new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "headers too large"), NetCodes.ProtocolError },
        { new WebSocketException(WebSocketError.ConnectionClosedPrematurely), NetCodes.ConnectionReset },
        { new WebSocketException(WebSocketError.NotAWebSocket), NetCodes.ProtocolError },
        { new HttpRequestException(HttpRequestError.Unknown, "?"), NetCodes.Other },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void ToNetCode_MapsWhatTheHandlerThrows(Exception failure, int expected)
    {
        Assert.True(HttpFailures.IsTransportFailure(failure));
        Assert.Equal(expected, HttpFailures.ToNetCode(failure, callerCancelled: false));
    }

    [Fact]
    public void ToNetCode_CallerCancelled_WinsOverEverything()
    {
        Assert.Equal(NetCodes.Cancelled, HttpFailures.ToNetCode(Connect(SocketError.ConnectionRefused), callerCancelled: true));
    }

    [Fact]
    public void IsTransportFailure_Bugs_AreNot()
    {
        Assert.False(HttpFailures.IsTransportFailure(new InvalidOperationException()));
        Assert.False(HttpFailures.IsTransportFailure(new NullReferenceException()));
    }

    private static HttpRequestException Connect(SocketError error) =>
        new(HttpRequestError.ConnectionError, "connect", new SocketException((int)error));

    private static HttpRequestException Protocol(long code) =>
        new(HttpRequestError.HttpProtocolError, "h2", new HttpProtocolException(code, "h2 error", null));
}
