using System.Text.Json;
using Barrage.Formats.Phout;

namespace Barrage.FunctionalTests;

/// <summary><c>barrage hit</c>, phout results and ammo runs, end to end against the built-in target.</summary>
public sealed class HitAndResultsTests : TargetTest
{
    [Fact]
    public async Task Hit_RequestCount_IsExact_AndPhoutHasOneLinePerRequest()
    {
        var outDir = Path.Combine(Dir.Path, "out");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var (code, output) = await CliRunner.RunAsync("hit", Url("/bytes/1000").ToString(), "-c", "8", "-n", "500", "--out", outDir);

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(code == 0, output);
        var summary = ReadSummary(outDir);
        Assert.Equal(500, summary.GetProperty("requests").GetInt64());
        Assert.Equal(500, Server.Stats.Requests);
        Assert.Equal(500, Server.Stats.ByPath["/bytes/1000"]);
        // The summary names the URL hit, as wrk does, not only its origin.
        Assert.Equal(Url("/bytes/1000").ToString(), summary.GetProperty("target").GetString());
        Assert.Contains($"target          {Url("/bytes/1000")}", output, StringComparison.Ordinal);

        var lines = PhoutReader.Read(Path.Combine(outDir, "phout.log")).ToList();
        Assert.Equal(500, lines.Count);
        Assert.Equal(8, lines.Count(l => l.ConnectUs > 0));   // one connection per user, reused after
        var sizeOut = lines[0].SizeOut;
        foreach (var l in lines)
        {
            Assert.Equal("GET /bytes/1000", l.Tag);
            Assert.Equal(200, l.ProtoCode);
            Assert.Equal(0, l.NetCode);
            Assert.InRange(l.StartUnixMillis, before - 1000, after);
            Assert.True(l.SizeIn > 1000, $"size_in {l.SizeIn} must hold the 1000-byte body and the headers");
            Assert.Equal(sizeOut, l.SizeOut);
            Assert.True(l.IntervalRealUs >= l.ConnectUs + l.SendUs + l.LatencyUs + l.ReceiveUs - 10,
                $"total {l.IntervalRealUs} < phases {l.ConnectUs}+{l.SendUs}+{l.LatencyUs}+{l.ReceiveUs}");
        }
        Assert.Equal(summary.GetProperty("bytes_in").GetInt64(), lines.Sum(l => l.SizeIn));
        Assert.Equal(summary.GetProperty("bytes_out").GetInt64(), lines.Sum(l => l.SizeOut));
    }

    [Fact]
    public async Task Hit_RedirectedOutput_PrintsOneProgressLinePerSecond_NeverWrapped()
    {
        // An open-model line (arrivals sent / due / planned, dropped, waiting, max in flight) is longer than the
        // 160 columns of redirected output; it used to be wrapped onto a second line.
        var (code, output) = await CliRunner.RunAsync("hit", Url("/").ToString(), "--rate", "20", "-d", "2500ms", "--max-in-flight", "1000");

        Assert.True(code == 0, output);
        var progress = output.Split('\n').Where(l => l.StartsWith("[00:0", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(progress);
        Assert.Contains(progress, l => l.Length > 160);
        Assert.All(progress, l => Assert.Matches(@"^\[00:0\d / 00:0\d\] [\d,]+ req .* arrivals .* \(max in flight 1000\)  in-flight \d+\r?$", l));
    }

    [Fact]
    public async Task Hit_MethodHeadersBody_ArriveAtTheTarget()
    {
        var (code, output) = await CliRunner.RunAsync(
            "hit", Url("/echo").ToString(), "-c", "1", "-n", "3", "-m", "put", "-H", "X-Barrage: yes", "--body", "payload!");

        Assert.True(code == 0, output);
        Assert.Equal(3, Server.Stats.ByMethod["PUT"]);
        Assert.Equal(3 * "payload!".Length, Server.Stats.BytesIn);
    }

    [Fact]
    public async Task Hit_FaultEndpoints_BecomeNetCodes_NotCrashes()
    {
        var outDir = Path.Combine(Dir.Path, "faults");
        var plan = Dir.File("faults.yaml", $"""
            name: faults
            target: {Server.BaseAddress}
            load:
              users: 2
              iterations: 5
            scenario:
              main:
                - get: /fault/reset
                - get: /fault/close
                - get: /fault/malformed
                - get: /
            """);

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        var netCodes = ReadSummary(outDir).GetProperty("net_codes");
        Assert.Equal(20, netCodes.GetProperty("104").GetInt64());
        Assert.Equal(10, netCodes.GetProperty("71").GetInt64());
        Assert.Equal(10, netCodes.GetProperty("0").GetInt64());
        var byTag = PhoutReader.Read(Path.Combine(outDir, "phout.log")).GroupBy(l => l.Tag).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(byTag["GET /fault/reset"], l => Assert.Equal(104, l.NetCode));
        Assert.All(byTag["GET /fault/close"], l => Assert.Equal(104, l.NetCode));
        Assert.All(byTag["GET /fault/malformed"], l => Assert.Equal(71, l.NetCode));
        Assert.All(byTag["GET /"], l => Assert.Equal((0, 200), (l.NetCode, l.ProtoCode)));
    }

    [Fact]
    public async Task Ammo_UriStyleOnce_SendsEachRequestOnce_WithItsHeaders()
    {
        var ammo = Dir.File("ammo.txt", "[X-Token: abc]\n/status/201 created\n/bytes/7\n/echo echo\n");
        var outDir = Path.Combine(Dir.Path, "ammo");

        var (code, output) = await CliRunner.RunAsync(
            "run", "--ammo", ammo, "--ammo-once", "--target", Server.BaseAddress.ToString(), "-u", "2", "--out", outDir);

        Assert.True(code == 0, output);
        Assert.Equal(3, ReadSummary(outDir).GetProperty("requests").GetInt64());
        Assert.Equal(3, Server.Stats.Requests);
        Assert.Equal(1, Server.Stats.ByStatus[201]);
        var tags = PhoutReader.Read(Path.Combine(outDir, "phout.log")).Select(l => l.Tag).Order().ToList();
        Assert.Equal(["", "created", "echo"], tags);
    }

    [Fact]
    public async Task Ammo_InPlan_Loops_UntilIterationsAreDone()
    {
        var raw = "GET /bytes/3 HTTP/1.1\r\nHost: ignored\r\n\r\n";
        var ammo = Dir.File("req.ammo", $"{raw.Length} raw\n{raw}\n");
        var plan = Dir.File("ammo-plan.yaml", $"""
            name: ammo
            target: {Server.BaseAddress}
            load:
              users: 2
              iterations: 10
            ammo: req.ammo
            """);

        var (code, output) = await CliRunner.RunAsync("run", plan);

        Assert.True(code == 0, output);
        Assert.Equal(20, Server.Stats.ByPath["/bytes/3"]);
    }

    [Fact]
    public async Task Ammo_Malformed_IsBadInput_WithLineAndOffset_BeforeAnyRequest()
    {
        var ammo = Dir.File("bad.ammo", "12 tag\nGET / HTTP/1.1\r\n\r\nnotanumber\n");

        var (code, output) = await CliRunner.RunAsync("run", "--ammo", ammo, "--target", Server.BaseAddress.ToString());

        Assert.Equal(2, code);
        Assert.Contains("bad.ammo", output, StringComparison.Ordinal);
        Assert.Contains("byte", output, StringComparison.Ordinal);
        Assert.Equal(0, Server.Stats.Requests);
    }

    [Fact]
    public async Task Hit_ConnectionsWithRate_IsRefused_NotIgnored()
    {
        var (code, output) = await CliRunner.RunAsync("hit", Url("/").ToString(), "--rate", "10", "-c", "5", "-d", "1s");

        Assert.Equal(2, code);
        Assert.Contains("--max-in-flight", output, StringComparison.Ordinal);
        Assert.Equal(0, Server.Stats.Requests);
    }

    [Fact]
    public async Task Hit_BadArguments_AllReportedAtOnce()
    {
        var (code, output) = await CliRunner.RunAsync("hit", "ftp://x", "-c", "0", "-n", "0", "-H", "nocolon");

        Assert.Equal(2, code);
        Assert.Contains("URL", output, StringComparison.Ordinal);
        Assert.Contains("--connections", output, StringComparison.Ordinal);
        Assert.Contains("--requests", output, StringComparison.Ordinal);
        Assert.Contains("--header", output, StringComparison.Ordinal);
    }
}
