using System.Text.Json;

namespace Barrage.FunctionalTests;

/// <summary>The open model end to end: <c>hit --rate</c> and open plans against the built-in target on loopback.</summary>
public sealed class OpenModelTests : TargetTest
{
    [Fact]
    public async Task HitRate_SendsExactlyThePlannedCount_TheTargetCountsThemAll()
    {
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("hit", new Uri(Server.BaseAddress, "/").ToString(), "--rate", "50", "-d", "2s", "--out", outDir);

        Assert.True(code == 0, output);
        var summary = ReadSummary(outDir);
        Assert.Equal("open", summary.GetProperty("model").GetString());
        Assert.Equal(100, summary.GetProperty("planned").GetInt64());
        Assert.Equal(100, summary.GetProperty("sent").GetInt64());
        Assert.Equal(100, summary.GetProperty("completed").GetInt64());
        Assert.Equal(0, summary.GetProperty("dropped").GetInt64());
        Assert.Equal(100, summary.GetProperty("requests").GetInt64());
        Assert.Equal(100, Server.Stats.Requests);
        var lag = summary.GetProperty("dispatch_lag_us");
        foreach (var key in new[] { "min", "mean", "p50", "p90", "p95", "p99", "p999", "max" })
            Assert.True(lag.TryGetProperty(key, out _), key);
        Assert.True(summary.GetProperty("response_time_us").GetProperty("p50").GetInt64() > 0);
        Assert.Contains("planned 100 · sent 100 · completed 100", output, StringComparison.Ordinal);
        Assert.Contains("dispatch lag", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HitRate_WithAResolution_SendsInBursts_AndTheLagShowsIt()
    {
        var outDir = Path.Combine(Dir.Path, "out");

        // 100 arrivals 10 ms apart, started together every 100 ms: up to 90 ms late each, none early, none lost.
        var (code, output) = await CliRunner.RunAsync("hit", new Uri(Server.BaseAddress, "/").ToString(), "--rate", "100", "-d", "1s", "--resolution", "100ms", "--out", outDir);

        Assert.True(code == 0, output);
        var summary = ReadSummary(outDir);
        Assert.Equal((100L, 100L, 0L), (summary.GetProperty("sent").GetInt64(), summary.GetProperty("completed").GetInt64(), summary.GetProperty("dropped").GetInt64()));
        Assert.Equal(100, Server.Stats.Requests);
        var lag = summary.GetProperty("dispatch_lag_us");
        Assert.True(lag.GetProperty("p90").GetInt64() >= 60_000, lag.ToString());
        Assert.True(lag.GetProperty("min").GetInt64() >= 0, lag.ToString());
    }

    [Fact]
    public async Task HitResolution_OutOfRange_OrWithoutRate_IsBadInput()
    {
        var url = new Uri(Server.BaseAddress, "/").ToString();

        var (tooCoarse, output) = await CliRunner.RunAsync("hit", url, "--rate", "10", "-d", "1s", "--resolution", "2s");
        Assert.Equal(2, tooCoarse);
        Assert.Contains("--resolution must be at most 1s, got 2s", output, StringComparison.Ordinal);

        var (closed, output2) = await CliRunner.RunAsync("hit", url, "-n", "5", "--resolution", "1ms");
        Assert.Equal(2, closed);
        Assert.Contains("--resolution go with --rate", output2, StringComparison.Ordinal);

        var (garbled, output3) = await CliRunner.RunAsync("hit", url, "--rate", "10", "-d", "1s", "--resolution", "fast");
        Assert.Equal(2, garbled);
        Assert.Contains("--resolution:", output3, StringComparison.Ordinal);
        Assert.Equal(0, Server.Stats.Requests);
    }

    [Fact]
    public async Task OpenPlan_WithPoissonAndASeed_PrintsTheSeed_AndShowsItsPlan()
    {
        var plan = Dir.File("open.yaml", $"""
            name: open
            target: {Server.BaseAddress}
            load:
              model: open
              schedule: line(10, 30, 1s) const(30, 1s)
              arrivals: poisson
              seed: 1234
              max_in_flight: 8
            scenario:
              main:
                - get: /
            """);
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        Assert.Contains("seed 1234", output, StringComparison.Ordinal);
        var summary = ReadSummary(outDir);
        Assert.Equal(1234, summary.GetProperty("seed").GetInt32());
        Assert.Equal(summary.GetProperty("planned").GetInt64(), summary.GetProperty("sent").GetInt64() + summary.GetProperty("dropped").GetInt64());
        Assert.Equal(summary.GetProperty("sent").GetInt64(), Server.Stats.Requests);

        var (showCode, shown) = await CliRunner.RunAsync("plan-show", plan);
        Assert.True(showCode == 0, shown);
        Assert.Contains("duration 2s, 50 arrivals planned (poisson), peak 30/s, at most 8 in flight", shown, StringComparison.Ordinal);
        Assert.Contains("██", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleMistake_IsReportedAtItsCharacter()
    {
        var plan = Dir.File("bad.yaml", """
            target: builtin
            load:
              model: open
              schedule: line(1, 10
            scenario: { main: [ { get: / } ] }
            """);

        var (code, output) = await CliRunner.RunAsync("validate", plan);

        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:4:23: error: load.schedule: expected ')'", output, StringComparison.Ordinal);
    }
}
