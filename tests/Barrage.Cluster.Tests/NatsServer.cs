using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Barrage.Cluster.Tests;

/// <summary>A real nats-server on a free loopback port, for one test class; killed when disposed.</summary>
public sealed class NatsServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; private set; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts (or starts again, on the same port) the server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("nats-server", ["-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"nats-server did not listen on {Port}");
    }

    /// <summary>Kills the server (a NATS outage).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public Task DisposeAsync() => StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
