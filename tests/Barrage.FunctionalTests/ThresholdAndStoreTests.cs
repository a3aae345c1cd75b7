namespace Barrage.FunctionalTests;

/// <summary>Thresholds decide the exit code; every run is recorded in the store, and history / show / compare read it back.</summary>
public sealed class ThresholdAndStoreTests : TargetTest
{
    private string Plan(string thresholds = "") => Dir.File($"plan-{Guid.NewGuid():N}.yaml", $"""
        name: gate
        target: {Server.BaseAddress}
        load:
          users: 2
          iterations: 25
        scenario:
          main:
            - get: /
              tag: home
            - get: /status/503
              tag: broken
        {thresholds}
        """);

    [Fact]
    public async Task Run_WithAFailingThreshold_Exits1_ShowsEachVerdict_AndWritesThemToSummaryJson()
    {
        var outDir = Path.Combine(Dir.Path, "out");
        var store = Path.Combine(Dir.Path, "runs.db");
        var plan = Plan("""thresholds: [ "requests == 100", "http_5xx == 0" ]""");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir, "--store", store, "--threshold", "tag:home p99 < 10s");

        Assert.True(code == 1, output);
        Assert.Contains("requests == 100", output, StringComparison.Ordinal);
        Assert.Contains("http_5xx == 0", output, StringComparison.Ordinal);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("PASS", output, StringComparison.Ordinal);
        Assert.Contains("1 of 3 thresholds failed", output, StringComparison.Ordinal);
        var thresholds = ReadSummary(outDir).GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal(["requests == 100", "http_5xx == 0", "tag:home p99 < 10s"], thresholds.Select(t => t.GetProperty("expression").GetString()));
        Assert.Equal([true, false, true], thresholds.Select(t => t.GetProperty("passed").GetBoolean()));
        Assert.Equal(50, thresholds[1].GetProperty("value").GetDouble());
        Assert.Contains($"recorded in {store}", output, StringComparison.Ordinal);

        var (historyCode, history) = await CliRunner.RunAsync("history", "--store", store);
        Assert.Equal(0, historyCode);
        Assert.Contains("gate", history, StringComparison.Ordinal);
        Assert.Contains("FAIL", history, StringComparison.Ordinal);

        var (showCode, shown) = await CliRunner.RunAsync("show", "last", "--store", store);
        Assert.True(showCode == 0, shown);
        Assert.Contains("Summary: gate", shown, StringComparison.Ordinal);
        Assert.Contains("http_5xx == 0", shown, StringComparison.Ordinal);
        Assert.Contains("100", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hit_WithPassingThresholds_Exits0()
    {
        var store = Path.Combine(Dir.Path, "runs.db");

        var (code, output) = await CliRunner.RunAsync("hit", Url("/").ToString(), "-c", "2", "-n", "20", "--store", store,
            "--threshold", "errors < 1%", "--threshold", "requests == 20");

        Assert.True(code == 0, output);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadThreshold_IsBadInput_PointingAtTheColumn_BeforeAnyRequest()
    {
        var (code, output) = await CliRunner.RunAsync("run", Plan(), "--threshold", "p99 < 300 mss");

        Assert.Equal(2, code);
        Assert.Contains("--threshold, column 11: unknown unit 'mss'", output, StringComparison.Ordinal);
        Assert.Equal(0, Server.Stats.Requests);
    }

    [Fact]
    public async Task BadThresholdInAPlan_PointsAtFileLineAndColumn()
    {
        var plan = Plan("""
            thresholds:
              - p99 < 300ms
              - errors < 5
            """);

        var (code, output) = await CliRunner.RunAsync("validate", plan);

        Assert.Equal(2, code);
        Assert.Contains($"{plan}:14:14: error: thresholds[1]: errors is a share", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreThatCannotBeOpened_RunStillCompletes_AndSaysWhereTheResultsAre()
    {
        var notADatabase = Dir.File("broken.db", new string('x', 8192));
        var outDir = Path.Combine(Dir.Path, "kept");

        var (code, output) = await CliRunner.RunAsync("run", Plan(), "--store", notADatabase, "--out", outDir);

        Assert.True(code == 0, output);
        Assert.Contains("was not recorded in the run store", output, StringComparison.Ordinal);
        Assert.Contains($"results are in {outDir}", output, StringComparison.Ordinal);
        Assert.Equal(100, ReadSummary(outDir).GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Autostop_StopsAServerErrorRunEarly_WithItsReason_Exit4_AndIsRecorded()
    {
        var store = Path.Combine(Dir.Path, "runs.db");
        var plan = Dir.File("autostop.yaml", $"""
            name: failing
            target: {Server.BaseAddress}
            load:
              users: 2
              duration: 60s
            scenario:
              main:
                - get: /status/503
            autostop: [ "http(5xx, 50%, 1s)" ]
            """);
        var started = DateTime.UtcNow;

        var (code, output) = await CliRunner.RunAsync("run", plan, "--store", store);

        Assert.True(code == 4, output);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "autostop should end the 60 s run within seconds");
        Assert.Contains("autostop: http(5xx, 50%, 1s): held for 1 s", output, StringComparison.Ordinal);
        Assert.Contains("autostopped", output, StringComparison.Ordinal);
        var (_, history) = await CliRunner.RunAsync("history", "--store", store);
        Assert.Contains("failing", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutostopLimit_OnTheCommandLine_EndsTheRun_Exit4()
    {
        var (code, output) = await CliRunner.RunAsync("hit", Url("/").ToString(), "-c", "1", "-d", "60s", "--autostop", "limit(1s)");

        Assert.True(code == 4, output);
        Assert.Contains("autostop: limit(1s)", output, StringComparison.Ordinal);
    }
}
