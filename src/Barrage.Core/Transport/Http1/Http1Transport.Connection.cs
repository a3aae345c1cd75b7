using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Barrage.Transport.Http1;

// Opening, checking and closing the one connection.
internal sealed partial class Http1Transport
{
    private static readonly RemoteCertificateValidationCallback s_acceptAnyCertificate = static (_, _, _, _) => true;
    private static readonly List<SslApplicationProtocol> s_http11 = [SslApplicationProtocol.Http11];

    private Socket? _socket;
    private SslStream? _ssl;
    private Http1Endpoint? _endpoint;
    private long _idleSince; // Stopwatch timestamp of the end of the connection's last request

    /// <summary>Decides whether the open connection can carry a request to <paramref name="endpoint"/>.</summary>
    private Reuse CheckConnection(Http1Endpoint endpoint, long now)
    {
        if (_socket is null)
            return Reuse.Connect;
        if (!_endpoint!.SameConnectionAs(endpoint))
        {
            CloseConnection();
            return Reuse.Connect;
        }

        // A connection that was busy a moment ago is reused unchecked: a poll per request would be one more
        // syscall on the hot path. A server that closed it meanwhile costs one retry (see Retry); bytes it sent
        // unasked in that moment are read as the response (and then most likely fail as a protocol error).
        if (now - _idleSince < _idleCheckTicks)
            return Reuse.Keep;

        try
        {
            // An idle keep-alive connection has nothing to read. Readable means the server closed it
            // (a FIN or a reset: reconnect) or sent bytes nobody asked for. Under TLS those bytes may be
            // a close_notify or a late session ticket, so a TLS connection is just replaced.
            if (!_socket.Poll(0, SelectMode.SelectRead))
                return Reuse.Keep;
            bool unsolicited = _ssl is null && _socket.Available > 0;
            CloseConnection();
            return unsolicited ? Reuse.UnsolicitedBytes : Reuse.Connect;
        }
        catch (SocketException)
        {
            CloseConnection();
            return Reuse.Connect;
        }
    }

    private async ValueTask ConnectAsync(Http1Endpoint endpoint, CancellationToken token)
    {
        IPAddress[]? addresses = endpoint.LiteralAddresses;
        if (addresses is null)
        {
            _phase = Phase.Resolve;
            addresses = await _resolver.ResolveAsync(endpoint.Host, token).ConfigureAwait(false);
        }

        _phase = Phase.Connect;
        SocketException? lastFailure = null;
        foreach (IPAddress address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), token).ConfigureAwait(false);
                _socket = socket;
                break;
            }
            catch (SocketException e)
            {
                // Try the host's next address ("localhost" may refuse on ::1 and listen on 127.0.0.1).
                socket.Dispose();
                lastFailure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (_socket is null)
            throw lastFailure ?? new SocketException((int)SocketError.HostNotFound);
        _endpoint = endpoint;

        if (endpoint.IsTls)
        {
            _phase = Phase.Handshake;
            _ssl = new SslStream(new NetworkStream(_socket, ownsSocket: true), leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.Host, // SNI and the name the certificate must carry
                ApplicationProtocols = s_http11,
                RemoteCertificateValidationCallback = _options.VerifyCertificates ? null : s_acceptAnyCertificate,
            };
            await _ssl.AuthenticateAsClientAsync(options, token).ConfigureAwait(false);
        }
    }

    private void CloseConnection()
    {
        // Closing without a TLS close_notify or a graceful shutdown: the server learns soon enough,
        // and a load generator should not spend a round trip on it.
        _ssl?.Dispose();
        _socket?.Dispose();
        _ssl = null;
        _socket = null;
        _endpoint = null;
    }

    private enum Reuse : byte
    {
        Keep,
        Connect,
        UnsolicitedBytes,
    }
}
