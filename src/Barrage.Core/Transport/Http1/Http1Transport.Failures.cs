using System.Net.Sockets;
using System.Security.Authentication;

namespace Barrage.Transport.Http1;

// What the server and the network can do to a request, as net codes. Everything else is a bug and is thrown.
internal sealed partial class Http1Transport
{
    private bool IsTransportFailure(Exception e) => e switch
    {
        OperationCanceledException or SocketException or IOException or AuthenticationException => true,
        ObjectDisposedException => _disposed, // disposed while a request was in flight
        ArgumentException => _phase == Phase.Resolve, // a host name the resolver rejects
        _ => false,
    };

    // A reset or broken pipe on a kept-alive connection before any response byte: the server had closed it.
    private bool IsRetryable(Exception e)
    {
        if (!_exchange.Reused || _exchange.BytesIn != 0 || _disposed || _callerToken.IsCancellationRequested)
            return false;
        SocketError? socketError = e switch
        {
            SocketException s => s.SocketErrorCode,
            IOException { InnerException: SocketException s } => s.SocketErrorCode,
            _ => null,
        };
        return socketError is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;
    }

    private int ToNetCode(Exception e, CancellationToken callerToken)
    {
        // Disposed under a request in flight: the run is stopping, whatever the operation then threw.
        if (_disposed || callerToken.IsCancellationRequested)
            return NetCodes.Cancelled;
        if (e is OperationCanceledException)
            return NetCodes.Timeout;

        SocketError? socketError = e switch
        {
            SocketException s => s.SocketErrorCode,
            IOException { InnerException: SocketException s } => s.SocketErrorCode,
            _ => null,
        };
        if (socketError == SocketError.TimedOut)
            return NetCodes.Timeout;

        return _phase switch
        {
            Phase.Resolve => NetCodes.DnsFailure,
            Phase.Handshake => NetCodes.TlsFailure,
            Phase.Send => NetCodes.BrokenPipe,
            Phase.Receive => NetCodes.ConnectionReset,
            _ => socketError switch
            {
                SocketError.ConnectionRefused => NetCodes.ConnectionRefused,
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => NetCodes.HostUnreachable,
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => NetCodes.DnsFailure,
                _ => NetCodes.Other,
            },
        };
    }
}
