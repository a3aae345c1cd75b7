using System.Text.RegularExpressions;
using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>Web-socket activities against the built-in target's <c>/ws/echo</c>: samples, checks, extraction and failures.</summary>
public sealed class WebSocketScenarioTests : TargetTest
{
    private async Task<BarrageResult> Run(string yaml, CollectingSink sink)
    {
        var plan = PlanLoader.Parse($"target: {Server.BaseAddress}\n{yaml}", "plan.yaml");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await new BarrageRunner(plan, Server.BaseAddress, sink).RunAsync(timeout.Token);
    }

    [Fact]
    public async Task EchoRoundTrip_MatchesThePattern_AndWhatItExtractsFeedsLaterSteps()
    {
        var sink = new CollectingSink();
        var result = await Run("""
            load: { users: 2, iterations: 2 }
            scenario:
              main:
                - ws_connect: /ws/echo
                  headers: { X-User: "${user_id}" }
                - ws_send: '{"user": ${user_id}, "n": ${iteration}}'
                - ws_receive:
                  timeout: 5s
                  pattern: '"user": \d+'
                  extract: { who: { json: "$.user" }, n: { regex: '"n": (\d+)' } }
                - ws_send: "user ${who} at ${n}"
                  binary: true
                - ws_receive:
                  contains: " at "
                - get: /status/20${n}
                - ws_close:
            """, sink);

        Assert.Equal(0, result.Total.Errors);
        Assert.Equal(4, result.ByTag["WS connect /ws/echo"].Successes);
        Assert.Equal(8, result.ByTag["WS send"].Successes);
        Assert.Equal(8, result.ByTag["WS receive"].Successes);
        Assert.Equal(4, result.ByTag["WS close"].Successes);
        Assert.Equal(8, Server.Stats.WebSocketMessages);
        Assert.Equal(4, sink.Count("pattern /\"user\": \\d+/", passed: true));
        Assert.Equal(4, sink.Count("extract who", passed: true));
        Assert.Equal(4, sink.Count("contains ' at '", passed: true));
        Assert.DoesNotContain(sink.Checks, c => !c.Passed);
        Assert.Equal((2, 2), (Server.Stats.ByStatus[200], Server.Stats.ByStatus[201])); // the extracted iteration went into the URL
        var connects = sink.Samples.Where(s => s.Tag == "WS connect /ws/echo").ToList();
        Assert.All(connects, s => Assert.Equal((NetCodes.Ok, 101), (s.Result.NetCode, s.Result.StatusCode)));
        Assert.All(connects, s => Assert.True(s.Result.ConnectUs > 0, "a connect's time is its connect phase"));
        Assert.All(sink.Samples.Where(s => s.Tag == "WS receive"), s => Assert.True(s.Result.BytesIn > 0));
    }

    [Fact]
    public async Task Close_AfterAConnectThatFailed_IsAResetNotASuccess()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var sink = new CollectingSink();
        var result = await Run($$"""
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - ws_connect: ws://127.0.0.1:{{closedPort}}/ws/echo
                  tag: refused
                - ws_close:
            """, sink);

        Assert.Equal(NetCodes.ConnectionRefused, Assert.Single(sink.Samples, s => s.Tag == "refused").Result.NetCode);
        Assert.Equal(NetCodes.ConnectionReset, Assert.Single(sink.Samples, s => s.Tag == "WS close").Result.NetCode);
        Assert.Equal(0, result.ByTag["WS close"].Successes);
    }

    [Fact]
    public async Task Receive_TimesOutWith110_AndTheLateMessageIsTheNextReceives()
    {
        var sink = new CollectingSink();
        var result = await Run("""
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - ws_connect: /ws/echo?delay=1s
                - ws_send: slow
                - ws_receive:
                  timeout: 200ms
                  pattern: slow
                  tag: too soon
                - ws_receive:
                  timeout: 10s
                  contains: slow
            """, sink);

        Assert.Equal(1, result.ByTag["too soon"].NetCodeCounts[NetCodes.Timeout]);
        Assert.Equal(1, sink.Count("pattern /slow/", passed: false));
        Assert.Equal(1, result.ByTag["WS receive"].Successes);
        Assert.Equal(1, sink.Count("contains 'slow'", passed: true));
    }

    [Fact]
    public async Task ServerClose_Is104ForTheReceive_AndASendAfterItIs32()
    {
        var result = await Run("""
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - ws_connect: /ws/echo?close_after=1
                  name: short
                - ws_send: one
                  name: short
                - ws_receive:
                  name: short
                - ws_receive:
                  name: short
                  tag: closed
                - ws_send: two
                  name: short
                  tag: too late
            """, new CollectingSink());

        Assert.Equal(1, result.ByTag["WS receive short"].Successes);
        Assert.Equal(1, result.ByTag["closed"].NetCodeCounts[NetCodes.ConnectionReset]);
        Assert.Equal(1, result.ByTag["too late"].NetCodeCounts[NetCodes.BrokenPipe]);
    }

    [Fact]
    public async Task ScenarioInCode_UsesNamedSockets_AndLeftOpenOnesCloseAtTheUsersEnd()
    {
        var scenario = Scenario.Create("ws")
            .Main(m => m
                .WsConnect("/ws/echo", c => c with { Socket = "a", Subprotocol = "chat.v1" })
                .WsConnect("/ws/echo", c => c with { Socket = "b" })
                .WsSend("to a ${user_id}", s => s with { Socket = "a" })
                .WsSend("to b", s => s with { Socket = "b" })
                .WsReceive(r => r with { Socket = "b", Pattern = new Regex("^to b$") })
                .WsReceive(r => r with { Socket = "a", Contains = "to a" }))
            .Build();

        var result = await BarrageRunner.RunAsync(scenario, Server.BaseAddress, new LoadSpec { Users = 2, Iterations = 1 });

        Assert.Equal(0, result.Total.Errors);
        Assert.Equal(2, result.ByTag["WS receive a"].Successes);
        Assert.Equal(2, result.ByTag["WS receive b"].Successes);
        Assert.Equal(4, Server.Stats.WebSocketMessages);
        await WaitUntilAsync(() => Server.Stats.InFlight == 0); // every socket ended when its user left
    }

    [Fact]
    public void SocketNeverConnected_IsAMistakeBeforeTheRun()
    {
        var scenario = Scenario.Create("ws")
            .Main(m => m.WsConnect("/ws/echo", c => c with { Socket = "chat" }).WsSend("hi", s => s with { Socket = "caht" }).WsClose())
            .Build();
        var plan = new Plan { Name = "ws", Target = TargetSpec.ForUrl(Server.BaseAddress), Load = new LoadSpec { Iterations = 1 }, Scenario = scenario };

        var e = Assert.Throws<PlanException>(() => new BarrageRunner(plan, Server.BaseAddress));

        Assert.Equal(
            ["ws_send: no ws_connect opens socket 'caht'; did you mean 'chat'?", "ws_close: no ws_connect opens socket 'default'; expected one of: chat"],
            e.Errors.Select(x => x.Message));
    }

    [Fact]
    public async Task Cli_WritesWebSocketSamplesToPhout_AndDebugPrintsThem()
    {
        var plan = Dir.File("plan.yaml", $"""
            target: {Server.BaseAddress}
            load: {"{"} users: 1, iterations: 2 {"}"}
            outputs: [ phout ]
            scenario:
              main:
                - ws_connect: /ws/echo
                - ws_send: ping
                - ws_receive:
                  contains: ping
                - ws_close:
            """);
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--debug", "--out", outDir, "--store", Path.Combine(Dir.Path, "store.db"));

        Assert.True(code == 0, output);
        var lines = Barrage.Formats.Phout.PhoutReader.Read(Path.Combine(outDir, "phout.log")).ToList();
        Assert.Equal(["WS connect /ws/echo", "WS send", "WS receive", "WS close"], lines.Take(4).Select(l => l.Tag));
        Assert.Equal(8, lines.Count);
        Assert.All(lines, l => Assert.Equal((0, 101), (l.NetCode, l.ProtoCode)));
        Assert.Contains("[user 1] WS receive: ok", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_WebSocketOutcomes_AreWsAndNetRows_NeverHttp1xx_InEverySummary()
    {
        var plan = Dir.File("outcomes.yaml", $"""
            target: {Server.BaseAddress}
            load: {"{"} users: 2, iterations: 2 {"}"}
            outputs: [ phout ]
            scenario:
              main:
                - ws_connect: /ws/echo
                - ws_send: hello
                - ws_receive:
                  timeout: 5s
                  contains: hello
                - ws_receive:
                  timeout: 50ms
                  tag: nothing
                - ws_close:
                - ws_connect: /ws/echo?close_after=1
                  name: short
                - ws_send: one
                  name: short
                - ws_receive:
                  name: short
                - ws_receive:
                  name: short
                  tag: closed
                - ws_send: two
                  name: short
                  tag: too late
                - ws_connect: /status/200
                  name: plain
                  tag: no upgrade
                - get: /status/200
            """);
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir, "--store", Path.Combine(Dir.Path, "store.db"));

        Assert.True(code == 0, output);
        // 4 iterations: 7 web-socket operations succeed in each, 4 fail (timeout, peer close, send on closed, no upgrade)
        string[] expected = ["HTTP 2xx 4", "WS ok 28", "net 32 4", "net 71 4", "net 104 4", "net 110 4"];
        var summary = ReadSummary(outDir);
        Assert.Equal(expected, Rows(summary.GetProperty("outcomes")));
        Assert.Equal(["200"], summary.GetProperty("status_codes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["2xx"], summary.GetProperty("status_classes").EnumerateObject().Select(p => p.Name));
        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;
        Assert.Equal(expected, Rows(report.GetProperty("total").GetProperty("outcomes")));
        Assert.DoesNotContain(report.GetProperty("seconds").EnumerateArray(), s => s.GetProperty("outcomes").EnumerateObject().Any(o => o.Name.StartsWith("HTTP 1", StringComparison.Ordinal)));
        Assert.DoesNotContain("1xx", output, StringComparison.Ordinal);
        Assert.Matches(@"WS\s+│\s+ok\s+│\s+28", output);
        // phout keeps what the wire said: the upgrade's 101 on an open socket's operations, the refusal's 200, 0 without an answer
        var phout = Barrage.Formats.Phout.PhoutReader.Read(Path.Combine(outDir, "phout.log")).ToList();
        Assert.All(phout.Where(l => l.Tag == "WS send"), l => Assert.Equal((0, 101), (l.NetCode, l.ProtoCode)));
        Assert.All(phout.Where(l => l.Tag == "no upgrade"), l => Assert.Equal((71, 200), (l.NetCode, l.ProtoCode)));
        Assert.All(phout.Where(l => l.Tag == "nothing"), l => Assert.Equal((110, 0), (l.NetCode, l.ProtoCode)));

        static string[] Rows(System.Text.Json.JsonElement rows) => [.. rows.EnumerateArray().Select(o =>
            $"{o.GetProperty("kind").GetString()} {o.GetProperty("code").GetString()} {o.GetProperty("count").GetInt64()}")];
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }
}
