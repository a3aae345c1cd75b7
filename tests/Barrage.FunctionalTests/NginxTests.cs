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
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        using (var h2Probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            h2Probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
            _h2Port = ((IPEndPoint)h2Probe.LocalEndpoint).Port;
        }
        Directory.CreateDirectory(Path.Combine(_dir.Path, "www"));
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "www", "16k"), new string('x', 16384));
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
        _nginx = Process.Start(new ProcessStartInfo(NginxPath, ["-c", conf, "-p", _dir.Path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("nginx did not start: " + File.ReadAllText(Path.Combine(_dir.Path, "error.log")));
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            // The whole tree: killing only the master leaves its worker orphaned (and listening) after the tests.
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        _dir.Dispose();
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
    public async Task HitHttp2_AcrossNginxsRequestLimitPerConnection_EachSuccessArrivedOnce_EachLossIsAReset()
    {
        if (NginxPath is null)
            return;
        var outDir = Path.Combine(_dir.Path, "h2");

        // nginx ends each connection after 100 requests (keepalive_requests): the handler must move on cleanly.
        var (code, output) = await CliRunner.RunAsync("hit", $"http://127.0.0.1:{_h2Port}/small", "--http2", "-c", "8", "-n", "500", "--out", outDir);

        Assert.True(code == 0, output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        var successes = summary.GetProperty("successes").GetInt64();
        // 0-13 of 500 requests are lost here, as 104, and nginx's log shows it never processed them. A capture on lo
        // (tcpdump, 2026-11-24; nginx 1.22, .NET 10) shows how, and that Barrage cannot soundly take them back:
        // - nginx ends the connection cleanly, with no TCP RST: with the 100th response it sends GOAWAY(last-stream-id=199,
        //   NO_ERROR), then FIN (a lingering close: it goes on reading, and discards, what the client sends after).
        // - The client, not having read the GOAWAY yet, keeps opening streams: HEADERS 201, 203 (before the GOAWAY left
        //   nginx), 205-213 (after its FIN): 2-7 streams above 199 on each connection, never answered.
        // - SocketsHttpHandler retries those itself (streams above last-stream-id are retryable; one traced run: 15
        //   retries, 1 loss). What it loses is a request (first try or retry) that was given a slot on the connection
        //   but whose HEADERS were not yet written when the handler had read both the GOAWAY and the FIN: the handler's
        //   trace shows no stream for it, and it fails from SendHeadersAsync with the connection's abort exception
        //   (HttpProtocolException NO_ERROR, "The HTTP/2 server closed the connection"), not the retryable "shutting down".
        // - That exception is the same one a stream at or below last-stream-id gets when a server sends GOAWAY and closes
        //   before answering it, a request the server may have processed; the handler exposes no stream id, no
        //   last-stream-id and no "headers written", so Barrage cannot tell the two apart and does not retry either.
        // h2load (-c 8 -m 10 over 2000 requests) does not reconnect after the GOAWAY at all: 800 succeeded, 1200 failed.
        // Everything else must arrive once, over HTTP/2, and every failure be that loss, counted as 104.
        Assert.InRange(successes, 480, 500);
        var netCodes = summary.GetProperty("net_codes");
        Assert.Equal(500 - successes, netCodes.TryGetProperty("104", out var resets) ? resets.GetInt64() : 0);
        Assert.Equal(successes, await AccessLogLinesAsync("/small", (int)successes));
        Assert.Equal(successes, File.ReadLines(Path.Combine(_dir.Path, "access.log")).Count(l => l.Contains("HTTP/2.0", StringComparison.Ordinal)));
    }
}
