using System.Net;
using System.Net.Sockets;
using Barrage.Transport;

namespace Barrage.Core.Tests.Transport;

public class TargetProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CheckAsync_ListeningPort_ReturnsNull()
    {
        using var listener = Listen(out var port);

        Assert.Null(await TargetProbe.CheckAsync(new Uri($"http://127.0.0.1:{port}/"), Timeout));
    }

    [Fact]
    public async Task CheckAsync_LocalhostListeningOnIPv4Only_TriesTheAddressesInTurn()
    {
        using var listener = Listen(out var port);

        // localhost may resolve to ::1 first, where nothing listens: the probe goes on to 127.0.0.1.
        Assert.Null(await TargetProbe.CheckAsync(new Uri($"http://localhost:{port}/"), Timeout));
    }

    [Fact]
    public async Task CheckAsync_ClosedPort_ReportsRefusedInTheWordsOfADotNetSocket()
    {
        var port = ClosedPort();
        string expected;
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            var e = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
            expected = e.Message;
        }

        var failure = await TargetProbe.CheckAsync(new Uri($"http://127.0.0.1:{port}/"), Timeout);

        Assert.Equal((NetCodes.ConnectionRefused, $"cannot connect to 127.0.0.1:{port}: {expected}"), failure);
    }

    [Fact]
    public async Task CheckAsync_Cancelled_Throws()
    {
        using var listener = Listen(out var port);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TargetProbe.CheckAsync(new Uri($"http://127.0.0.1:{port}/"), Timeout, new CancellationToken(canceled: true)));
    }

    private static TcpListener Listen(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    private static int ClosedPort()
    {
        using var listener = Listen(out var port);
        return port;
    }
}
