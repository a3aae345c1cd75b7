using System.Net;
using System.Net.Sockets;
using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>A plan loads the example plugin (examples/Barrage.Examples.Plugin) and runs its <c>tcp_ping</c> activity; bad plugins are plan mistakes.</summary>
public sealed class PluginScenarioTests : TargetTest
{
    private const string PluginFile = "Barrage.Examples.Plugin.dll";

    private string CopyPlugin()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Dir.Path, "plugins")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, PluginFile), Path.Combine(folder, PluginFile));
        return $"plugins/{PluginFile}";
    }

    [Fact]
    public async Task PluginActivity_RunsForEveryUser_AndRecordsSamplesLikeRequests()
    {
        var closedPort = ClosedPort();
        var port = Server.BaseAddress.Port;
        var path = Dir.File("plan.yaml", $$"""
            target: {{Server.BaseAddress}}
            plugins: [ {{CopyPlugin()}} ]
            variables: { host: 127.0.0.1 }
            load: { users: 2, iterations: 3 }
            scenario:
              main:
                - tcp_ping: ${host}:{{port}}
                - tcp_ping: 127.0.0.1:{{closedPort}}
                  timeout: 5s
                  tag: closed port
                - group: page
                  do:
                    - tcp_ping: 127.0.0.1:{{port}}
                      tag: in group
                    - get: /bytes/1
            """);
        var connectionsBefore = Server.Stats.Connections;

        var plan = PlanLoader.LoadFile(path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await new BarrageRunner(plan, Server.BaseAddress).RunAsync(timeout.Token);

        Assert.Equal(6, result.ByTag[$"TCP ping 127.0.0.1:{port}"].Successes);
        Assert.Equal(6, result.ByTag["closed port"].NetCodeCounts[NetCodes.ConnectionRefused]);
        Assert.Equal(6, result.ByTag["in group"].Successes);
        Assert.Equal(6, result.ByTag["page"].Successes); // the group counts the plugin's sample with its request's
        Assert.True(Server.Stats.Connections - connectionsBefore >= 12, $"{Server.Stats.Connections - connectionsBefore} connections for 12 pings");
    }

    [Fact]
    public void PluginOptions_AreValidatedLikeBuiltInOnes_WithPositions()
    {
        var plugin = CopyPlugin();
        var path = Dir.File("plan.yaml", $"""
            target: builtin
            plugins: [ {plugin} ]
            load: {"{"} iterations: 1 {"}"}
            scenario:
              main:
                - tcp_ping: nowhere
                  timout: 1s
                - tcp_ping: 127.0.0.1:1
                  timeout: soon
                - tcp_ping: ${"{"}hots{"}"}:80
                - tcp_pign: 127.0.0.1:1
            """);

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(path));

        Assert.Equal(
            [
                $"{path}:6:17: scenario.main[0].tcp_ping: expected host:port with a port from 1 to 65535, got 'nowhere'",
                $"{path}:7:7: unknown field 'scenario.main[0].timout'; did you mean 'timeout'?",
                $"{path}:9:16: scenario.main[1].timeout: expected a duration such as 30s, 5m, 1h30m or 1500ms, got 'soon'",
                $"{path}:10:17: scenario.main[2].tcp_ping: unknown variable 'hots'; declare it under 'variables', set it with 'set', or extract it from a response",
                $"{path}:11:7: scenario.main[3]: unknown activity 'tcp_pign'; did you mean 'tcp_ping'?",
            ],
            e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public async Task PluginThatCannotLoad_IsAValidationError_Exit2_WithoutAStackTrace()
    {
        Dir.File("broken.dll", "not an assembly");
        var plan = Dir.File("plan.yaml", """
            target: builtin
            plugins:
              - missing.dll
              - broken.dll
            load: { iterations: 1 }
            scenario:
              main: [ { get: / }, { tcp_ping: "127.0.0.1:1" } ]
            """);

        var (code, output) = await CliRunner.RunAsync("run", plan);

        Assert.Equal(2, code);
        // Its activity is unknown too: said so, where the list of built-in kinds only misled.
        Assert.Contains("unknown activity 'tcp_ping'; is it the activity of the plugin that could not be loaded?", output, StringComparison.Ordinal);
        Assert.Contains($"plan.yaml:3:5: error: plugins[0]: plugin not found: {Path.Combine(Dir.Path, "missing.dll")}", output, StringComparison.Ordinal);
        Assert.Contains("plan.yaml:4:5: error: plugins[1]: cannot load plugin broken.dll: it is not a .NET assembly", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "has no 'runtimeTarget'")]
    [InlineData("{\"runtimeTarget\": {}}", "has a 'runtimeTarget' without a 'name'")]
    [InlineData("{\"runtimeTarget\": {\"name\": \"x\"}, \"targets\": {\"x\": {\"a/1\": {\"runtime\": 5}}}}", "has library 'a/1' of target 'x' with 'runtime' that is not an object")]
    [InlineData("{\"runtimeTarget\": ", "is not valid JSON (line 1, byte 19)")]
    public async Task PluginWithAMalformedDepsFile_IsAValidationError_NotAProcessAbort(string deps, string problem)
    {
        // The runtime's native reader of .deps.json aborts the process on the first three (it is checked first).
        var relative = CopyPlugin();
        Dir.File("plugins/Barrage.Examples.Plugin.deps.json", deps);
        var plan = Dir.File("plan.yaml", $$"""
            target: builtin
            plugins: [ {{relative}} ]
            load: { iterations: 1 }
            scenario:
              main: [ { get: / } ]
            """);

        var (code, output) = await CliRunner.RunAsync("validate", plan);

        Assert.Equal(2, code);
        Assert.True(output.Contains($"plan.yaml:2:12: error: plugins[0]: cannot load plugin {PluginFile}: Barrage.Examples.Plugin.deps.json beside it", StringComparison.Ordinal), output);
        // The console wraps long lines: compare with the line breaks folded.
        Assert.Contains(problem, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomActivityInCode_RecordsThroughTheSamePath()
    {
        var scenario = Scenario.Create("custom")
            .Main(m => m.Custom("tcp_ping", new Barrage.Examples.Plugin.TcpPing($"127.0.0.1:{Server.BaseAddress.Port}", TimeSpan.FromSeconds(5), "ping")))
            .Build();

        var result = await BarrageRunner.RunAsync(scenario, Server.BaseAddress, new LoadSpec { Users = 2, Iterations = 2 });

        Assert.Equal(4, result.ByTag["ping"].Successes);
        // The outcomes table had no row for them: "HTTP 2xx 50%" beside a plugin's successes, the shares short of 100%.
        Assert.Equal([("custom", "ok", 4L)], Barrage.Metrics.Outcomes.Table(result.Total.StatusCounts, result.Total.NetCodeCounts).Select(r => (r.Kind, r.Code, r.Count)));
    }

    [Fact]
    public async Task CustomActivityThatThrows_IsASampleWithCode1099_AndTheUserGoesOn()
    {
        var scenario = Scenario.Create("custom")
            .Main(m => m.Custom("boom", new Throwing()).Get("/bytes/1"))
            .Build();
        var log = new ListLog();

        var result = await BarrageRunner.RunAsync(scenario, Server.BaseAddress, new LoadSpec { Users = 1, Iterations = 2 }, new ScenarioOptions { Log = log });

        Assert.Equal(2, result.ByTag["boom"].NetCodeCounts[NetCodes.Other]);
        Assert.Equal(2, result.ByTag["GET /bytes/1"].Successes);
        Assert.Contains("[user 1] boom failed: InvalidOperationException: broken on purpose", log.Lines);
    }

    [Fact]
    public void ExamplePlan_IsValid_WithThePluginItNames()
    {
        var dir = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(dir, "examples")))
            dir = Path.GetDirectoryName(dir)!;
        var example = Path.Combine(dir, "examples", "Barrage.Examples.Plugin", "plugin.yaml");
        // the example names the Release build of the plugin; these tests may run another build of it
        var yaml = File.ReadAllText(example).Replace("bin/Release/net10.0/" + PluginFile, Path.Combine(AppContext.BaseDirectory, PluginFile), StringComparison.Ordinal);

        var plan = PlanLoader.Parse(yaml, example);

        Assert.Equal("tcp_ping", Assert.IsType<CustomActivity>(plan.Scenario.Main[0]).Kind);
    }

    // A port nothing listens on: bound, then let go.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Throwing : ICustomActivity
    {
        public ValueTask RunAsync(IActivityContext context) => throw new InvalidOperationException("broken on purpose");
    }

    private sealed class ListLog : IScenarioLog
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public void Write(string text) => _lines.Enqueue(text);
    }
}
