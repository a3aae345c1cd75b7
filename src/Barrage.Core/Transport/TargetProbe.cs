using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Barrage.Transport.Loop;

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
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var port = target.Port > 0 ? target.Port : target.Scheme == "https" ? 443 : 80;
        IPAddress[] addresses;
        try
        {
            if (IPAddress.TryParse(target.IdnHost, out var literal))
            {
                addresses = [literal];
            }
            else
            {
                cts.CancelAfter(timeout);
                addresses = await Dns.GetHostAddressesAsync(target.IdnHost, cts.Token);
            }
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

        if (LinuxNative.IsSupported)
        {
            var errno = NativeConnect.Connect(addresses, port, deadline, cancellationToken);
            if (errno == 0)
                return null;
            if (errno == NativeConnect.DeadlinePassed)
                return TookTooLong(target, port, timeout);
            if (KnownError(errno) is { } error)
                return Failure(target, port, error, new SocketException((int)error).Message);
            // Another errno: the .NET socket below tries again and names it exactly as it always has.
        }

        cts.CancelAfter(TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(addresses, port, cts.Token);
            return null;
        }
        catch (SocketException e)
        {
            return Failure(target, port, e.SocketErrorCode, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TookTooLong(target, port, timeout);
        }
    }

    private static (int NetCode, string Message) Failure(Uri target, int port, SocketError error, string message)
    {
        var code = error switch
        {
            SocketError.ConnectionRefused => NetCodes.ConnectionRefused,
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => NetCodes.HostUnreachable,
            SocketError.TimedOut => NetCodes.Timeout,
            _ => NetCodes.Other,
        };
        return (code, $"cannot connect to {target.Host}:{port}: {message}");
    }

    private static (int NetCode, string Message) TookTooLong(Uri target, int port, TimeSpan timeout) =>
        (NetCodes.Timeout, $"connecting to {target.Host}:{port} took longer than {timeout.TotalSeconds:0.#} s");

    /// <summary>The socket error .NET reports for a connect's errno, for the errors a probe meets; null for others.</summary>
    private static SocketError? KnownError(int errno) => errno switch
    {
        LinuxNative.EConnRefused => SocketError.ConnectionRefused,
        LinuxNative.EHostUnreach => SocketError.HostUnreachable,
        LinuxNative.ENetUnreach => SocketError.NetworkUnreachable,
        LinuxNative.ETimedOut => SocketError.TimedOut,
        _ => null,
    };
}
