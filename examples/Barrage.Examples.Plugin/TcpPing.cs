using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.Examples.Plugin;

/// <summary>One <c>tcp_ping</c> step: connects, closes, and records the connect as a sample; failures are net codes.</summary>
public sealed class TcpPing(string address, TimeSpan timeout, string? tag) : ICustomActivity
{
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    /// <inheritdoc/>
    public async ValueTask RunAsync(IActivityContext context)
    {
        var rendered = context.Render(address);
        await context.MeasureAsync(tag ?? $"TCP ping {rendered}", async stopping =>
        {
            if (!TryParseAddress(rendered, out var host, out var port))
                return TransportResult.Failed(NetCodes.DnsFailure);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            limit.CancelAfter(timeout);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var start = Stopwatch.GetTimestamp();
            try
            {
                await socket.ConnectAsync(host, port, limit.Token);
            }
            catch (OperationCanceledException)
            {
                return Failed(stopping.IsCancellationRequested ? NetCodes.Cancelled : NetCodes.Timeout, start);
            }
            catch (SocketException e)
            {
                return Failed(e.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => NetCodes.ConnectionRefused,
                    SocketError.TimedOut => NetCodes.Timeout,
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => NetCodes.DnsFailure,
                    SocketError.HostUnreachable or SocketError.NetworkUnreachable => NetCodes.HostUnreachable,
                    _ => NetCodes.Other,
                }, start);
            }
            return new TransportResult(Since(start), 0, 0, 0, 0, 0, NetCodes.Ok, 0);
        });
    }

    /// <summary>Splits <c>host:port</c> (<c>[v6]:port</c> for IPv6); false when it is not that.</summary>
    public static bool TryParseAddress(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            return false;
        host = text[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    private static TransportResult Failed(int code, long start) => new(Since(start), 0, 0, 0, 0, 0, code, 0);

    private static long Since(long start) => (long)((Stopwatch.GetTimestamp() - start) * MicrosecondsPerTick);
}
