using System.Text.Json;

namespace Barrage.FunctionalTests;

/// <summary>Closed-model plans whose users change over time, run against the built-in target on loopback.</summary>
public sealed class UserScheduleRunTests : TargetTest
{
    [Fact]
    public async Task UsersAsASchedule_RunsForItsLength_AndEveryRequestIsCounted()
    {
        var plan = Dir.File("users.yaml", $"""
            target: {Server.BaseAddress}
            load:
              users: line(1, 4, 1s) const(4, 500ms) line(4, 0, 500ms)
            scenario:
              main:
                - get: /delay/20
              end:
                - get: /json
            """);
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        Assert.InRange(summary.GetProperty("duration_s").GetDouble(), 2.0, 4.0);
        Assert.Equal(Server.Stats.Requests, summary.GetProperty("requests").GetInt64());
        // Every user that came ran end once as it left: 4 at the peak, so at least 4.
        Assert.True(Server.Stats.ByPath["/json"] >= 4, output);
        Assert.Equal(4, summary.GetProperty("users").GetInt32());
    }

    [Fact]
    public async Task CyclesWithHits_SendExactlyUsersTimesHits()
    {
        var plan = Dir.File("cycles.yaml", $"""
            target: {Server.BaseAddress}
            load:
              users: 2:3
              hits: 5
            scenario:
              main:
                - get: /
            """);
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        Assert.Equal((2 + 3) * 5, Server.Stats.Requests);
    }
}
