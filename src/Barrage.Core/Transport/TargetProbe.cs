using System.Net;
using System.Net.Sockets;

namespace Barrage.Transport;

/// <summary>
/// Checks before a run that the target's host resolves and accepts a TCP connection, so that an
/// unreachable target is reported at once instead of as a test full of refused connections.
/// </summary>
public static class TargetProbe
{
    /// <summary>Connects once to <paramref name="target"/>'s host and port.</summary>
    /// <returns>Null when the connection opened; otherwise the <see cref="NetCodes"/> value and a message.</returns>
    public static async Task<(int NetCode, string Message)?> CheckAsync(Uri target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var port = target.Port > 0 ? target.Port : target.Scheme == "https" ? 443 : 80;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(target.IdnHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(target.IdnHost, cts.Token);
        }
        catch (SocketException e)
        {
            return (NetCodes.DnsFailure, $"cannot resolve host '{target.Host}': {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (NetCodes.Timeout, $"resolving '{target.Host}' took longer than {timeout.TotalSeconds:0.#} s");
        }
        if (addresses.Length == 0)
            return (NetCodes.DnsFailure, $"host '{target.Host}' has no address");

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(addresses, port, cts.Token);
            return null;
        }
        catch (SocketException e)
        {
            var code = e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => NetCodes.ConnectionRefused,
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => NetCodes.HostUnreachable,
                SocketError.TimedOut => NetCodes.Timeout,
                _ => NetCodes.Other,
            };
            return (code, $"cannot connect to {target.Host}:{port}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (NetCodes.Timeout, $"connecting to {target.Host}:{port} took longer than {timeout.TotalSeconds:0.#} s");
        }
    }
}
