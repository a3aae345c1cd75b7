namespace Barrage.FunctionalTests;

/// <summary>Requests still in flight when the graceful stop runs out are cut: reported as such, but no failure of the run on their own (the real process's exit code).</summary>
public sealed class GracefulStopTests : TargetTest
{
    // Each user's first request takes 2 s; the load ends at 1 s and the graceful stop gives it 100 ms more: every request is cut.
    private string Plan() => Dir.File("cut.yaml", $"""
        name: cut
        target: {Server.BaseAddress}
        load:
          users: 2
          duration: 1s
          graceful_stop: 100ms
        scenario:
          main:
            - get: /delay/2000
        """);

    [Fact]
    public async Task Run_WhoseOnlyFailuresWereCutAtTheGracefulStop_Exits0_AndSaysTheyWereCut()
    {
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliProcess.RunAsync("run", Plan(), "--out", outDir, "--store", Path.Combine(Dir.Path, "runs.db"));

        Assert.True(code == 0, output);
        Assert.DoesNotContain("no request reached the target", output, StringComparison.Ordinal);
        Assert.Contains("2 transport (2 cut at the graceful stop)", output, StringComparison.Ordinal);
        Assert.Contains("125 cut at graceful stop", output, StringComparison.Ordinal);
        var summary = ReadSummary(outDir);
        Assert.Equal(2, summary.GetProperty("requests").GetInt64());
        Assert.Equal(2, summary.GetProperty("cut_at_stop").GetInt64());
        Assert.Equal(2, summary.GetProperty("net_errors").GetInt64());
        Assert.Equal(2, summary.GetProperty("net_codes").GetProperty("125").GetInt64());
    }

    [Fact]
    public async Task ErrorThresholds_StillCountRequestsCutAtTheGracefulStop()
    {
        var (code, output) = await CliProcess.RunAsync("run", Plan(), "--store", Path.Combine(Dir.Path, "runs.db"), "--threshold", "errors < 1%");

        Assert.True(code == 1, output);
        Assert.Contains("1 of 1 threshold failed", output, StringComparison.Ordinal);
    }
}
