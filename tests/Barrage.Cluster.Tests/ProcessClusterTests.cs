using System.Diagnostics;
using System.Text.Json;

namespace Barrage.Cluster.Tests;

/// <summary>
/// Real <c>barrage agent</c> and <c>barrage run --nats</c> processes through a real nats-server, loading the
/// built-in target on loopback: merged counts, an agent killed, the coordinator killed.
/// </summary>
public sealed class ProcessClusterTests : ClusterTest
{
    private readonly List<Started> _processes = [];

    protected override async Task StopParticipantsAsync()
    {
        foreach (var p in _processes)
        {
            if (!p.Process.HasExited)
                p.Process.Kill();
            await p.Process.WaitForExitAsync();
            p.Process.Dispose();
        }
    }

    [Fact]
    public async Task ThreeAgentProcesses_OpenModel_TheMergedSummaryCountsWhatTheTargetCounted_Exactly()
    {
        var phouts = Path.Combine(Dir, "agents");
        await StartAgentsAsync(3, phouts);
        var outDir = Path.Combine(Dir, "out");

        var coordinator = Start("run", OpenPlan("const(30, 3s)"), "--nats", Nats.Url, "--agents", "3", "--out", outDir, "--store", Path.Combine(Dir, "runs.db"),
            "--threshold", "errors < 1%", "--threshold", "p50 < 1us");
        await coordinator.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        // Thresholds are judged on the merged result: no errors anywhere, and no request of any agent took under 1 µs.
        Assert.True(coordinator.Process.ExitCode == 1, coordinator.Text);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        Assert.Equal([true, false], summary.GetProperty("thresholds").EnumerateArray().Select(t => t.GetProperty("passed").GetBoolean()));
        Assert.Equal(90, summary.GetProperty("requests").GetInt64());
        Assert.Equal(90, Target.Stats.Requests);
        var agents = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "agents.json"))).RootElement;
        Assert.Equal([30L, 30L, 30L], agents.EnumerateArray().Select(a => a.GetProperty("requests").GetInt64()));
        Assert.Contains("clock offsets:", coordinator.Text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));

        // The per-agent breakdown is part of the summary and of the run's record in the store.
        var inSummary = summary.GetProperty("agents").EnumerateArray().ToList();
        Assert.Equal(["a1", "a2", "a3"], inSummary.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(["1/3", "2/3", "3/3"], inSummary.Select(a => a.GetProperty("share").GetString()));
        Assert.All(inSummary, a => Assert.Equal(Environment.MachineName, a.GetProperty("host").GetString()));
        Assert.All(inSummary, a => Assert.Equal(JsonValueKind.Number, a.GetProperty("clock_offset_us").ValueKind));
        var show = Start("show", "last", "--store", Path.Combine(Dir, "runs.db"));
        await show.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(show.Process.ExitCode == 0, show.Text);
        Assert.Matches(@"a2\W+" + System.Text.RegularExpressions.Regex.Escape(Environment.MachineName) + @"\W+2/3\W+30\W+0\W+0\W+[+-]\d+\.\d\d ms\W+done", show.Text);

        // Each agent wrote its own phout; barrage merge adds them up to the same count.
        await Task.WhenAll(_processes.Take(3).Select(a => a.WaitForAsync("results written to phout")));
        var merged = Start("merge", phouts, "--out", Path.Combine(Dir, "merged"));
        await merged.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(merged.Process.ExitCode == 0, merged.Text);
        Assert.Equal(3, Directory.GetFiles(phouts, "phout.log", SearchOption.AllDirectories).Length);
        var mergedSummary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "merged", "summary.json"))).RootElement;
        Assert.Equal(90, mergedSummary.GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task APluginRelativeToThePlan_TravelsToTheAgents_WhoseSamplesOfItArrive()
    {
        // The plan and its plugin in one place, the agents working in another: the plugin can only come in the offer.
        ClusterCoordinatorTests.CopyPlugin(Path.Combine(Dir, "project", "lib"));
        var plan = Path.Combine(Dir, "project", "plans", "ping.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(plan)!);
        File.WriteAllText(plan, $"""
            name: cluster-plugin
            target: {Target.BaseAddress}
            plugins: [ ../lib/{ClusterCoordinatorTests.PluginFile} ]
            load: {"{"} users: 2, iterations: 3 {"}"}
            scenario:
              main:
                - tcp_ping: 127.0.0.1:{Target.BaseAddress.Port}
                  tag: ping
                - get: /
            """);
        var elsewhere = Directory.CreateDirectory(Path.Combine(Dir, "agents-work")).FullName;
        await StartAgentsAsync(2, workingDirectory: elsewhere);
        var outDir = Path.Combine(Dir, "out");

        var coordinator = Start("run", plan, "--nats", Nats.Url, "--agents", "2", "--out", outDir, "--store", Path.Combine(Dir, "runs.db"));
        await coordinator.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(coordinator.Process.ExitCode == 0, coordinator.Text + string.Join("\n", _processes.Select(p => p.Text)));
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;
        var ping = report.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("tag").GetString() == "ping");
        Assert.Equal((6L, 6L), (ping.GetProperty("requests").GetInt64(), ping.GetProperty("successes").GetInt64()));
        var agents = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "agents.json"))).RootElement;
        Assert.Equal([6L, 6L], agents.EnumerateArray().Select(a => a.GetProperty("requests").GetInt64())); // 3 pings and 3 GETs each
        Assert.Equal(6, Target.Stats.Requests);
    }

    [Fact]
    public async Task DataAndBodyFilesNamedAbsolutely_GoneBeforeTheAgentsPrepare_ReachTheTargetFromTheCopiesThatTravelled()
    {
        // Absolute paths in a folder deleted once the coordinator has bundled them: the agents can only read the copies.
        var abs = Directory.CreateDirectory(Path.Combine(Dir, "absolute")).FullName;
        File.WriteAllText(Path.Combine(abs, "sizes.csv"), "n\n3\n5\n7\n11\n");
        File.WriteAllText(Path.Combine(abs, "body.txt"), "marker-from-a-deleted-folder");
        var plan = Path.Combine(Dir, "project", "plans", "abs.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(plan)!);
        File.WriteAllText(plan, $"""
            name: cluster-absolute
            target: {Target.BaseAddress}
            data: {"{"} sizes: {"{"} csv: {abs}/sizes.csv, order: unique, bind: iteration {"}"} {"}"}
            load: {"{"} users: 2, iterations: 2 {"}"}
            scenario:
              main:
                - get: /bytes/${"{"}sizes.n{"}"}
                - post: /echo
                  file: {abs}/body.txt
                  check: {"{"} body_contains: marker-from-a-deleted-folder {"}"}
                  tag: echo
            """);
        var outDir = Path.Combine(Dir, "out");
        var coordinator = Start("run", plan, "--nats", Nats.Url, "--agents", "2", "--agent-timeout", "60s", "--out", outDir, "--store", Path.Combine(Dir, "runs.db"));
        await coordinator.WaitForAsync("waiting up to"); // the bundle is made before the coordinator waits for agents
        Directory.Delete(abs, recursive: true);
        var elsewhere = Directory.CreateDirectory(Path.Combine(Dir, "agents-work")).FullName;
        await StartAgentsAsync(2, workingDirectory: elsewhere);

        await coordinator.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(coordinator.Process.ExitCode == 0, coordinator.Text + string.Join("\n", _processes.Select(p => p.Text)));
        // Each row once across the cluster (unique), each as a path the target saw: the values came from the copy.
        Assert.Equal(["/bytes/11", "/bytes/3", "/bytes/5", "/bytes/7"],
            Target.Stats.ByPath.Where(p => p.Key.StartsWith("/bytes/", StringComparison.Ordinal) && p.Value == 1).Select(p => p.Key).Order(StringComparer.Ordinal));
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement;
        var echo = report.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("tag").GetString() == "echo");
        Assert.Equal((4L, 4L), (echo.GetProperty("requests").GetInt64(), echo.GetProperty("successes").GetInt64()));
        Assert.Equal(8, Target.Stats.Requests);
    }

    [Fact]
    public async Task AnAgentKilledMidRun_IsReportedLost_WithItsShare()
    {
        var agents = await StartAgentsAsync(3);
        var outDir = Path.Combine(Dir, "out");
        var coordinator = Start("run", OpenPlan("const(30, 6s)"), "--nats", Nats.Url, "--agents", "3", "--out", outDir, "--store", Path.Combine(Dir, "runs.db"));
        // Past the agents' first report (after 1 s of a 30 rps run), so the lost agent's share so far is known.
        await WaitForRequestsAsync(60);

        agents[1].Process.Kill();
        await coordinator.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(coordinator.Process.ExitCode == 0, coordinator.Text);
        Assert.Contains("(share 2/3) lost", coordinator.Text, StringComparison.Ordinal);
        var lost = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "agents.json"))).RootElement.EnumerateArray()
            .Where(a => a.GetProperty("lostAfterS").ValueKind == JsonValueKind.Number).ToList();
        var only = Assert.Single(lost);
        Assert.Equal("2/3", only.GetProperty("share").GetString());
        Assert.InRange(only.GetProperty("requests").GetInt64(), 1, 59);
    }

    [Fact]
    public async Task OnAgentLossAbortInThePlan_AnAgentKilled_StopsTheWholeTest()
    {
        var agents = await StartAgentsAsync(2);
        var plan = Plan("""
            on_agent_loss: abort
            load:
              model: open
              schedule: const(20, 60s)
            """);
        var coordinator = Start("run", plan, "--nats", Nats.Url, "--agents", "2", "--store", Path.Combine(Dir, "runs.db"));
        await WaitForRequestsAsync(20);

        agents[0].Process.Kill();
        await coordinator.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(coordinator.Process.ExitCode == 130, coordinator.Text);
        Assert.Contains("on_agent_loss is abort: stopping every agent", coordinator.Text, StringComparison.Ordinal);
        Assert.Contains("lost after", coordinator.Text, StringComparison.Ordinal);
        var settled = Target.Stats.Requests;
        await Task.Delay(1000);
        Assert.Equal(settled, Target.Stats.Requests);
    }

    [Fact]
    public async Task TheCoordinatorKilled_EveryAgentStopsItsLoadWithinFiveSeconds()
    {
        var agents = await StartAgentsAsync(2);
        var coordinator = Start("run", OpenPlan("const(20, 60s)"), "--nats", Nats.Url, "--agents", "2", "--store", Path.Combine(Dir, "runs.db"));
        await WaitForRequestsAsync(20);

        coordinator.Process.Kill();
        var killed = Stopwatch.StartNew();
        await Task.WhenAll(agents.Select(a => a.WaitForAsync("has not been heard")));

        // Five seconds of silence after the last heartbeat (some slack for a busy machine).
        Assert.True(killed.Elapsed.TotalSeconds <= 7, $"the agents stopped {killed.Elapsed.TotalSeconds:0.0} s after the coordinator died");
        // Requests in flight may still finish (a graceful stop); then the target hears nothing more.
        await Task.Delay(500);
        var settled = Target.Stats.Requests;
        await Task.Delay(1000);
        Assert.Equal(settled, Target.Stats.Requests);
        Assert.All(agents, a => Assert.False(a.Process.HasExited, "an agent waits for the next run"));
    }

    [Fact]
    public async Task WithUi_TheLiveEventStreamOfAClusterRun_CarriesTheMergedSeconds()
    {
        await StartAgentsAsync(2);
        var coordinator = Start("run", OpenPlan("const(20, 6s)"), "--nats", Nats.Url, "--agents", "2", "--ui", "--ui-listen", "127.0.0.1:0",
            "--store", Path.Combine(Dir, "runs.db"));
        await coordinator.WaitForAsync("live dashboard on ");
        var page = System.Text.RegularExpressions.Regex.Match(coordinator.Text, @"live dashboard on (?<base>http://127\.0\.0\.1:\d+/)#/live/(?<n>\d+)");
        Assert.True(page.Success, coordinator.Text);
        using var http = new HttpClient { BaseAddress = new Uri(page.Groups["base"].Value), Timeout = TimeSpan.FromSeconds(60) };

        // The stream: init (the frames so far), a frame per merged second, then the final state; it ends with the run.
        using var events = new StreamReader(await http.GetStreamAsync(new Uri($"api/live/{page.Groups["n"].Value}/events", UriKind.Relative)));
        var frames = new List<JsonElement>();
        string? kind = null;
        while (await events.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                kind = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is "init" or "frame")
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                frames.AddRange(kind == "init" ? data.GetProperty("frames").EnumerateArray() : [data]);
            }
        }
        await coordinator.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(coordinator.Process.ExitCode == 0, coordinator.Text);
        Assert.True(frames.Count(f => f.GetProperty("requests").GetInt64() > 0) >= 3, $"{frames.Count} frames:\n{coordinator.Text}");
        Assert.InRange(frames.Sum(f => f.GetProperty("requests").GetInt64()), 100, Target.Stats.Requests);
        Assert.Equal(120, Target.Stats.Requests);
    }

    private async Task WaitForRequestsAsync(long count)
    {
        var deadline = Stopwatch.StartNew();
        while (Target.Stats.Requests < count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"only {Target.Stats.Requests} requests came");
            await Task.Delay(50);
        }
    }

    private async Task<List<Started>> StartAgentsAsync(int count, string? outDir = null, string? workingDirectory = null)
    {
        var agents = Enumerable.Range(1, count)
            .Select(i => StartIn(workingDirectory, ["agent", "--nats", Nats.Url, "--name", $"a{i}", .. outDir is null ? Array.Empty<string>() : ["--out", outDir]])).ToList();
        await Task.WhenAll(agents.Select(a => a.WaitForAsync("waiting for work")));
        return agents;
    }

    private Started Start(params string[] args) => StartIn(null, args);

    private Started StartIn(string? workingDirectory, string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "barrage.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        info.Environment["COLUMNS"] = "200";
        var started = new Started(Process.Start(info)!);
        _processes.Add(started);
        return started;
    }

    /// <summary>A process and its output so far, with a way to await a line.</summary>
    private sealed class Started
    {
        private readonly System.Text.StringBuilder _text = new();
        private readonly List<(string Needle, TaskCompletionSource Seen)> _waits = [];

        public Started(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Text
        {
            get
            {
                lock (_text)
                    return _text.ToString();
            }
        }

        public Task WaitForAsync(string needle)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_text)
            {
                if (_text.ToString().Contains(needle, StringComparison.Ordinal))
                    return Task.CompletedTask;
                _waits.Add((needle, seen));
            }
            return seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        private void Add(string? line)
        {
            if (line is null)
                return;
            lock (_text)
            {
                _text.AppendLine(line);
                foreach (var (needle, seen) in _waits.Where(w => line.Contains(w.Needle, StringComparison.Ordinal)))
                    seen.TrySetResult();
            }
        }
    }
}
