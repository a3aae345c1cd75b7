using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Barrage.FunctionalTests;

/// <summary>Real runs of real plans against the built-in target on loopback.</summary>
public sealed class RunAgainstTargetTests : TargetTest
{
    private string Plan(string load, string? target = null) => Dir.File("plan.yaml", $"""
        name: functional
        target: {target ?? Server.BaseAddress.ToString()}
        load:
        {load}
        scenario:
          init:
            - get: /json
              tag: init
          main:
            - get: /
            - post: /echo
              body: hello
            - get: /status/404
          end:
            - get: /bytes/10
        """);

    [Fact]
    public async Task Iterations_EveryRequestCountedArrivedAndNothingElse()
    {
        var plan = Plan("  users: 4\n  iterations: 25");
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        var summary = ReadSummary(outDir);
        // 4 users × (1 init + 25 × 3 main + 1 end)
        Assert.Equal(4 * (1 + 25 * 3 + 1), summary.GetProperty("requests").GetInt64());
        Assert.Equal(Server.Stats.Requests, summary.GetProperty("requests").GetInt64());
        Assert.Equal(4 * 25, summary.GetProperty("status_codes").GetProperty("404").GetInt64());
        Assert.Equal(4 * 25, summary.GetProperty("http_errors").GetInt64());
        Assert.Equal(0, summary.GetProperty("net_errors").GetInt64());
        Assert.Equal(4 * 25, Server.Stats.ByPath["/echo"]);
        Assert.Equal(4, Server.Stats.ByPath["/json"]);
        Assert.Equal(4, Server.Stats.ByPath["/bytes/10"]);
        var latency = summary.GetProperty("latency_us");
        Assert.True(latency.GetProperty("p50").GetInt64() > 0);
        Assert.True(latency.GetProperty("max").GetInt64() >= latency.GetProperty("p99").GetInt64());
        Assert.True(summary.GetProperty("bytes_in").GetInt64() > 0);
        Assert.Contains("Summary: functional", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duration_OverrideFromCommandLine_StopsOnTime_AndCountsMatch()
    {
        var plan = Plan("  users: 2\n  iterations: 1000000");
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--duration", "2s", "--users", "3", "--out", outDir);

        Assert.True(code == 0, output);
        var summary = ReadSummary(outDir);
        Assert.Equal(3, summary.GetProperty("users").GetInt32());
        var duration = summary.GetProperty("duration_s").GetDouble();
        Assert.InRange(duration, 1.9, 8.0);
        Assert.Equal(Server.Stats.Requests, summary.GetProperty("requests").GetInt64());
        Assert.Equal(3, Server.Stats.ByPath["/json"]);
    }

    [Fact]
    public async Task Interrupt_MidRun_WritesSummary_CountsConsistent_Exit130()
    {
        var plan = Plan("  users: 4\n  duration: 60s");
        var outDir = Path.Combine(Dir.Path, "out");
        using var interrupt = new CancellationTokenSource();
        var run = CliRunner.RunAsync(interrupt.Token, "run", plan, "--out", outDir);
        // Interrupt once the load is really flowing.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Server.Stats.Requests < 200 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        interrupt.Cancel();

        var (code, output) = await run;

        Assert.True(code == 130, output);
        var summary = ReadSummary(outDir);
        Assert.Equal("interrupted", summary.GetProperty("stop_reason").GetString());
        Assert.True(summary.GetProperty("duration_s").GetDouble() < 30);
        Assert.Equal(Server.Stats.Requests, summary.GetProperty("requests").GetInt64());
        // Every user that started also ran its end sequence.
        Assert.Equal(4, Server.Stats.ByPath["/bytes/10"]);
    }

    [Fact]
    public async Task Interrupt_WhileTheTargetProbeWaits_Exit130_WithoutAnInternalError()
    {
        // A listener that never accepts, its queue filled: the kernel drops the next SYNs, so the probe's connect
        // waits (retransmitting) until it is interrupted.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                filler.Connect(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                // In progress, or dropped: either way the queue is full after a few.
            }
            fillers.Add(filler);
        }
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        var (code, output) = await CliRunner.RunAsync(interrupt.Token, "hit", $"http://127.0.0.1:{port}/", "-n", "5");

        fillers.ForEach(f => f.Dispose());
        Assert.True(code == 130, output);
        Assert.Contains("interrupted before the run started", output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableTarget_Exit3_WithClearMessage()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var plan = Plan("  users: 1\n  iterations: 1", $"http://127.0.0.1:{port}/");

        var (code, output) = await CliRunner.RunAsync("run", plan);

        Assert.Equal(3, code);
        Assert.Contains("cannot be reached", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltinTarget_RunsWithoutAnyServer()
    {
        var plan = Plan("  users: 2\n  iterations: 5", "builtin");
        var outDir = Path.Combine(Dir.Path, "out");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);

        Assert.True(code == 0, output);
        Assert.Equal(2 * (1 + 5 * 3 + 1), ReadSummary(outDir).GetProperty("requests").GetInt64());
        Assert.Equal(0, Server.Stats.Requests);
    }
}
