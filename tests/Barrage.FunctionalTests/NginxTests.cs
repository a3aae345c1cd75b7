using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Barrage.FunctionalTests;

/// <summary>
/// Barrage against a real third-party server: nginx on loopback, with an access log to count what arrived.
/// ./test.sh installs nginx; where it is missing these tests say so and pass without checking.
/// </summary>
public sealed class NginxTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private Process? _nginx;
    private int _port;
    private int _h2Port;

    private static string? NginxPath => new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    public async Task InitializeAsync()
    {
        if (NginxPath is null)
            return;
        Directory.CreateDirectory(Path.Combine(_dir.Path, "www"));
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "www", "16k"), new string('x', 16384));
        // Free ports are found by binding port 0 and letting go: another process may take one before nginx binds it
        // (nginx then keeps the first listener and retries the second for 2.5 s before it gives up). New ports then.
        for (var attempt = 1; ; attempt++)
        {
            var failure = await StartNginxAsync();
            if (failure is null)
                return;
            if (attempt == 3)
                throw new InvalidOperationException(failure);
            await StopNginxAsync();
        }
    }

    /// <summary>Starts nginx on two new free ports; null once both listen, else why not.</summary>
    private async Task<string?> StartNginxAsync()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        using (var h2Probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            h2Probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
            _h2Port = ((IPEndPoint)h2Probe.LocalEndpoint).Port;
        }
        var conf = _dir.File("nginx.conf", $$"""
            worker_processes 1;
            daemon off;
            pid {{_dir.Path}}/nginx.pid;
            error_log {{_dir.Path}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log {{_dir.Path}}/access.log;
              keepalive_requests 100;
              client_body_temp_path {{_dir.Path}}; proxy_temp_path {{_dir.Path}}; fastcgi_temp_path {{_dir.Path}};
              uwsgi_temp_path {{_dir.Path}}; scgi_temp_path {{_dir.Path}};
              server {
                listen 127.0.0.1:{{_port}};
                listen 127.0.0.1:{{_h2Port}} http2;
                location = /small { default_type text/plain; return 200 "hello"; }
                location = /16k { root {{_dir.Path}}/www; }
                location = /chunked { default_type text/plain; chunked_transfer_encoding on; return 200 "chunky"; }
              }
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo(NginxPath!, ["-c", conf, "-p", _dir.Path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        });
        // Both listeners: nginx binds them one after the other, so the first answering says nothing of the second.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        foreach (var port in new[] { _port, _h2Port })
        {
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && _nginx is { HasExited: false })
                {
                    await Task.Delay(50);
                }
                catch (SocketException e)
                {
                    var log = Path.Combine(_dir.Path, "error.log");
                    return $"nginx did not listen on {port} ({e.Message}): " + (File.Exists(log) ? File.ReadAllText(log) : "no error.log");
                }
            }
        }
        return null;
    }

    public async Task DisposeAsync()
    {
        await StopNginxAsync();
        _dir.Dispose();
    }

    private async Task StopNginxAsync()
    {
        if (_nginx is { HasExited: false })
        {
            // The whole tree: killing only the master leaves its worker orphaned (and listening) after the tests.
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        _nginx = null;
    }

    /// <summary>
    /// Requests for <paramref name="path"/> in nginx's access log (nginx logs after responding): waits up to 5 s for
    /// <paramref name="expected"/> lines, a worker descheduled on a busy machine can be tens of milliseconds late, then
    /// a little longer, so that lines beyond the expected count would show too.
    /// </summary>
    private async Task<int> AccessLogLinesAsync(string path, int expected)
    {
        var log = Path.Combine(_dir.Path, "access.log");
        int Count() => File.Exists(log) ? File.ReadLines(log).Count(l => l.Contains($"GET {path} ", StringComparison.Ordinal)) : 0;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Count() < expected && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        await Task.Delay(100);
        return Count();
    }

    [Theory]
    [InlineData("/small", 5)]
    [InlineData("/16k", 16384)]
    public async Task Hit_EveryRequestArrives_AcrossKeepAliveLimit(string path, int bodyBytes)
    {
        if (NginxPath is null)
            return;
        var outDir = Path.Combine(_dir.Path, "out" + path.Trim('/'));

        // nginx closes each connection after 100 requests (keepalive_requests): Barrage must reconnect cleanly.
        var (code, output) = await CliRunner.RunAsync("hit", $"http://127.0.0.1:{_port}{path}", "-c", "4", "-n", "1000", "--out", outDir);

        Assert.True(code == 0, output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        Assert.Equal(1000, summary.GetProperty("requests").GetInt64());
        Assert.Equal(1000, summary.GetProperty("successes").GetInt64());
        Assert.Equal(1000, await AccessLogLinesAsync(path, 1000));
        Assert.True(summary.GetProperty("bytes_in").GetInt64() > 1000L * bodyBytes);
    }

    [Fact]
    public async Task HitHttp2_AcrossNginxsRequestLimitPerConnection_EveryRequestArrivesOnce()
    {
        if (NginxPath is null)
            return;
        var outDir = Path.Combine(_dir.Path, "h2");

        // nginx ends each connection after 100 requests (keepalive_requests) with GOAWAY(last-stream-id=199) and a close
        // (FIN, no TCP RST; a capture on lo, 2026-11-24, nginx 1.22, .NET 10). Streams the client opened meanwhile (201-213)
        // the handler retries itself; a request still queued for the connection when the handler read both the GOAWAY and
        // the close it used to fail for good ("The HTTP/2 server closed the connection", 104), never sent: 0-13 of 500
        // here, in about half the runs, none of them in nginx's log. GoAwayCloseStream holds the close back until the
        // handler has let go of the connection, so those go the retry path for requests that met the GOAWAY unsent.
        // Without it this test failed in 2 of 6 runs (and hit in 3 of 6); with it, 27 hit runs of 500-2000 requests at -c
        // 8..64 and 11 runs of this test lost none.
        // (h2load -c 8 -m 10 does not reconnect after the GOAWAY at all: of 2000 requests 800 succeed, 1200 fail.)
        var (code, output) = await CliRunner.RunAsync("hit", $"http://127.0.0.1:{_h2Port}/small", "--http2", "-c", "8", "-n", "500", "--out", outDir);

        Assert.True(code == 0, output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        Assert.Equal(500, summary.GetProperty("requests").GetInt64());
        Assert.Equal(500, summary.GetProperty("successes").GetInt64());
        Assert.Equal(500, await AccessLogLinesAsync("/small", 500));
        Assert.Equal(500, File.ReadLines(Path.Combine(_dir.Path, "access.log")).Count(l => l.Contains("HTTP/2.0", StringComparison.Ordinal)));
    }
}
