using System.Text.Json;
using Barrage.Target;

namespace Barrage.FunctionalTests;

/// <summary>Closed-model plans whose users change over time, run against the built-in target on loopback.</summary>
public sealed class UserScheduleRunTests : IAsyncLifetime
{
    private TargetServer _server = null!;
    private readonly TempDir _dir = new();

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync(new TargetServerOptions());

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task UsersAsASchedule_RunsForItsLength_AndEveryRequestIsCounted()
    {
        var plan = _dir.File("users.yaml", $"""
            target: {_server.BaseAddress}
            load:
              users: line(1, 4, 1s) const(4, 500ms) line(4, 0, 500ms)
            scenario:
              main:
                - get: /delay/20
              end:
                - get: /json
            """);
        var outDir = Path.Combine(_dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        Assert.InRange(summary.GetProperty("duration_s").GetDouble(), 2.0, 4.0);
        Assert.Equal(_server.Stats.Requests, summary.GetProperty("requests").GetInt64());
        // Every user that came ran end once as it left: 4 at the peak, so at least 4.
        Assert.True(_server.Stats.ByPath["/json"] >= 4, output);
        Assert.Equal(4, summary.GetProperty("users").GetInt32());
    }

    [Fact]
    public async Task CyclesWithHits_SendExactlyUsersTimesHits()
    {
        var plan = _dir.File("cycles.yaml", $"""
            target: {_server.BaseAddress}
            load:
              users: 2:3
              hits: 5
            scenario:
              main:
                - get: /
            """);
        var outDir = Path.Combine(_dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        Assert.Equal((2 + 3) * 5, _server.Stats.Requests);
    }
}
