using System.Text.Json;
using Barrage.Formats.Phout;
using Barrage.Target;

namespace Barrage.FunctionalTests;

/// <summary><c>barrage hit --http2</c> end to end against the built-in target's h2c and https listeners.</summary>
public sealed class Http2HitTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TargetServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TargetServer.StartAsync(new TargetServerOptions { Http2Listen = "127.0.0.1:0", TlsListen = "127.0.0.1:0" });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task HitHttp2_SendsEveryRequestAsAStreamOfFewConnections()
    {
        var outDir = Path.Combine(_dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync(
            "hit", new Uri(_server.Http2Address!, "/bytes/100").ToString(), "--http2", "-c", "8", "-n", "300", "--out", outDir);

        Assert.True(code == 0, output);
        var stats = await StatsAsync();
        Assert.Equal(300, stats.GetProperty("by_protocol").GetProperty("HTTP/2").GetInt64());
        Assert.False(stats.GetProperty("by_protocol").TryGetProperty("HTTP/1.1", out _));
        var lines = PhoutReader.Read(Path.Combine(outDir, "phout.log")).ToList();
        Assert.Equal(300, lines.Count);
        Assert.All(lines, l => Assert.Equal((0, 200), (l.NetCode, l.ProtoCode)));
        // 8 users are 8 streams, not 8 connections (the target also counts the reachability probe's connection). The
        // handler may open a spare connection while the first is being set up; a request that used it reports its connect.
        long connections = stats.GetProperty("connections").GetInt64() - 1;
        int timed = lines.Count(l => l.ConnectUs > 0);
        Assert.True(connections is >= 1 and < 8, $"{connections} connections for 8 users");
        Assert.InRange(timed, 1, connections);
    }

    [Fact]
    public async Task HitHttp2_Https_NeedsInsecureForASelfSignedCertificate()
    {
        var url = new Uri(_server.TlsAddress!, "/").ToString();
        var refusedOut = Path.Combine(_dir.Path, "refused");

        var (refusedCode, refusedOutput) = await CliRunner.RunAsync("hit", url, "--http2", "-c", "2", "-n", "4", "--out", refusedOut);
        var (code, output) = await CliRunner.RunAsync("hit", url, "--http2", "-k", "-c", "2", "-n", "20");

        Assert.True(refusedCode == 3, refusedOutput); // nothing reached the target: every request a TLS failure
        Assert.Equal(4, ReadSummary(refusedOut).GetProperty("net_codes").GetProperty("1002").GetInt64());
        Assert.True(code == 0, output);
        Assert.Equal(20, (await StatsAsync()).GetProperty("by_protocol").GetProperty("HTTP/2").GetInt64());
    }

    [Fact]
    public async Task HitHttp2_WithNoKeepAlive_IsRefusedUpFront()
    {
        var (code, output) = await CliRunner.RunAsync("hit", _server.Http2Address!.ToString(), "--http2", "--no-keepalive", "-n", "1");

        Assert.Equal(2, code);
        Assert.Contains("--no-keepalive does not go with --http2", output, StringComparison.Ordinal);
        Assert.Equal(0, _server.Stats.Requests);
    }

    private async Task<JsonElement> StatsAsync()
    {
        using var client = new HttpClient();
        return JsonDocument.Parse(await client.GetStringAsync(new Uri(_server.BaseAddress, "/stats"))).RootElement;
    }

    private static JsonElement ReadSummary(string outDir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
}
