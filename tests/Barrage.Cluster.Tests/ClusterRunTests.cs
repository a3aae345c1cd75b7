using Barrage.Cluster.Protocol;
using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using Barrage.Tests.Shared;

namespace Barrage.Cluster.Tests;

/// <summary>A coordinator and in-process agents through a real nats-server, loading the built-in target on loopback.</summary>
public sealed class ClusterRunTests : InProcessClusterTest
{
    [Fact]
    public async Task OpenModel_ThreeAgents_TogetherSendExactlyTheSchedule_AndTheMergeCountsEveryRequest()
    {
        await StartAgentsAsync(3);
        var plan = OpenPlan("const(40, 2s)");

        var (run, collector, series, outcome) = await RunAsync(plan);

        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.Equal(80, Target.Stats.Requests);
        Assert.Equal(80, collector.Total.Requests);
        Assert.Equal(80, series.Overall.Requests);
        Assert.Equal([27L, 27L, 26L], run.Agents.Select(a => a.Requests));
        Assert.Equal(80, run.Progress.PlannedArrivals);
        Assert.Equal(80, run.Progress.ArrivalsSent);
        Assert.All(run.Agents, a => Assert.True(a.Done && a.LostAfterSeconds is null && a.Offset is not null));
        Assert.Contains(Log, line => line.StartsWith("clock offsets: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANatsRestartMidRun_IsSurvived_NoAgentLost_NoSecondLost()
    {
        await StartAgentsAsync(2);
        var collector = new MetricsCollector();
        var series = new TimeSeriesCollector { SealDelay = ClusterRun.MergeDelayUs };
        var run = await PrepareAsync(OpenPlan("const(20, 5s)"), collector, series);
        Assert.True(run is not null, string.Join('\n', Log));
        await using (run)
        {
            var running = run.RunAsync();
            while (Target.Stats.Requests < 30)
                await Task.Delay(50);

            await Nats.StopAsync();
            await Nats.StartAsync();
            var outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(StopReason.Completed, outcome.Reason);
            Assert.All(run.Agents, a => Assert.True(a.Done && a.LostAfterSeconds is null, string.Join('\n', Log)));
            collector.Flush(new Aggregate());
            Assert.Equal(100, Target.Stats.Requests);
            Assert.Equal(100, collector.Total.Requests);
        }
    }

    [Fact]
    public async Task ReportsLostOnTheWay_AreResentUntilAcknowledged_EveryRequestCountedOnce()
    {
        await StartAgentsAsync(2);
        var collector = new MetricsCollector();
        var series = new TimeSeriesCollector { SealDelay = ClusterRun.MergeDelayUs };
        var run = await PrepareAsync(OpenPlan("const(20, 3s)"), collector, series);
        Assert.True(run is not null, string.Join('\n', Log));
        await using (run)
        {
            // The first time each odd report or an end arrives it is lost, an end twice: the agents' resends come after gaps and repeat.
            var arrivals = new Dictionary<(int, long), int>();
            var lost = 0;
            run.LoseReport = report =>
            {
                var seen = arrivals[(report.Index, report.Sequence)] = arrivals.GetValueOrDefault((report.Index, report.Sequence)) + 1;
                var lose = seen <= (report.Done ? 2 : report.Sequence % 2);
                lost += lose ? 1 : 0;
                return lose;
            };

            var outcome = await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(StopReason.Completed, outcome.Reason);
            Assert.All(run.Agents, a => Assert.True(a.Done && a.LostAfterSeconds is null, string.Join('\n', Log)));
            Assert.True(lost >= 4, $"only {lost} reports lost");
            collector.Flush(new Aggregate());
            var totals = new SeriesTotals();
            series.Complete(totals.Add);
            Assert.Equal(60, Target.Stats.Requests);
            Assert.Equal(60, collector.Total.Requests);
            Assert.Equal(60, totals.Overall.Requests);
            Assert.Equal([30L, 30L], run.Agents.Select(a => a.Requests));
            Assert.Equal(60, run.Progress.ArrivalsSent);
        }
    }

    [Fact]
    public async Task StoppingTheCoordinator_StopsEveryAgentGracefully_AndEveryRequestSentIsCounted()
    {
        await StartAgentsAsync(3);
        using var stop = new CancellationTokenSource();
        var collector = new MetricsCollector();
        var run = await PrepareAsync(OpenPlan("const(30, 60s)"), collector, new TimeSeriesCollector());
        Assert.NotNull(run);
        await using (run)
        {
            var running = run.RunAsync(stop.Token);
            while (Target.Stats.Requests < 30)
                await Task.Delay(50);

            await stop.CancelAsync();
            var outcome = await running.WaitAsync(TimeSpan.FromSeconds(15));

            Assert.Equal(StopReason.Interrupted, outcome.Reason);
            Assert.All(run.Agents, a => Assert.True(a.Done && a.LostAfterSeconds is null));
            collector.Flush(new Aggregate());
            Assert.Equal(Target.Stats.Requests, collector.Total.Requests);
            Assert.InRange(collector.Total.Requests, 30, 300);
        }
    }

    [Fact]
    public async Task AmmoOnceThrough_TravelsWithThePlan_AndTheAgentsTogetherSendEachRequestOnce()
    {
        await StartAgentsAsync(3);
        File.WriteAllLines(Path.Combine(Dir, "ammo.txt"), [.. Enumerable.Range(0, 10).Select(i => $"/bytes/{i + 1}")]);
        var plan = Path.Combine(Dir, "ammo.yaml");
        File.WriteAllText(plan, $"""
            name: ammo
            target: {Target.BaseAddress}
            ammo: {"{"} file: ammo.txt, loop: false {"}"}
            load:
              users: 3
              duration: 20s
            """);

        var (run, collector, _, outcome) = await RunAsync(plan);

        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.Equal(10, collector.Total.Requests);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"/bytes/{i}").Order(), Target.Stats.ByPath.Keys.Order());
        Assert.All(Target.Stats.ByPath.Values, count => Assert.Equal(1, count));
        Assert.Equal([4L, 3L, 3L], run.Agents.Select(a => a.Requests));
    }

    [Fact]
    public async Task UniqueRows_TravelWithThePlan_AndTheAgentsTogetherUseEachRowOnce()
    {
        await StartAgentsAsync(3);
        Directory.CreateDirectory(Path.Combine(Dir, "data"));
        File.WriteAllLines(Path.Combine(Dir, "data", "ids.csv"), ["n", .. Enumerable.Range(1, 12).Select(i => $"{i}")]);
        var plan = Path.Combine(Dir, "unique.yaml");
        File.WriteAllText(plan, $$"""
            name: unique
            target: {{Target.BaseAddress}}
            data:
              ids: { csv: data/ids.csv, order: unique, bind: iteration }
            load:
              users: 3
              iterations: 10
            scenario:
              main:
                - get: /bytes/${ids.n}
            """);

        var (run, collector, _, outcome) = await RunAsync(plan);

        // Each agent's one user takes its rows (i, i+3, ...) and stops when they are spent: every row is sent exactly once.
        Assert.Equal(StopReason.DataExhausted, outcome.Reason);
        Assert.Equal(12, collector.Total.Requests);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"/bytes/{i}").Order(), Target.Stats.ByPath.Keys.Order());
        Assert.All(Target.Stats.ByPath.Values, count => Assert.Equal(1, count));
        Assert.Equal([4L, 4L, 4L], run.Agents.Select(a => a.Requests));
    }

    [Fact]
    public async Task AStopTestCheckFailingOnOneAgent_StopsEveryAgent()
    {
        await StartAgentsAsync(2);
        // Unique rows bound to users: agent 1's user gets /status/200, agent 2's user gets /status/500 and fails the check.
        File.WriteAllLines(Path.Combine(Dir, "codes.csv"), ["code", "200", "500"]);
        var plan = Path.Combine(Dir, "check.yaml");
        File.WriteAllText(plan, $$"""
            name: check
            target: {{Target.BaseAddress}}
            data:
              codes: { csv: codes.csv, order: unique }
            load:
              users: 2
              duration: 60s
            scenario:
              main:
                - get: /status/${codes.code}
                  check: { status: 200, on_failure: stop_test }
                - think: 50ms
            """);

        var (run, _, _, outcome) = await RunAsync(plan);

        Assert.Equal(StopReason.StoppedByCheck, outcome.Reason);
        Assert.Equal([StopReason.Interrupted, StopReason.StoppedByCheck], run.Agents.Select(a => a.EndReason));
        Assert.Contains(Log, line => line == "agent a2 stopped by a check: stopping every agent");
    }

    [Fact]
    public async Task APlanTooBigForNats_IsStoppedBeforeTheOffer_SayingWhy()
    {
        await StartAgentsAsync(1);
        // nats-server's default max_payload is 1 MiB; the ammo is more.
        File.WriteAllLines(Path.Combine(Dir, "big.txt"), [.. Enumerable.Range(0, 60_000).Select(i => $"/bytes/{i % 100}?padding=xxxxxxxxxx")]);
        var plan = Path.Combine(Dir, "big.yaml");
        File.WriteAllText(plan, $"name: big\ntarget: {Target.BaseAddress}\nammo: big.txt\nload: {{ users: 1, iterations: 1 }}\n");

        var run = await PrepareAsync(plan);

        Assert.Null(run);
        Assert.Contains(Log, line => line.Contains("exceed the NATS server's max_payload (1024 KiB)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CollectPhout_EveryAgentsPhoutComesBack_OneLinePerRequest()
    {
        await StartAgentsAsync(2);
        var phouts = Path.Combine(Dir, "collected");
        var collector = new MetricsCollector();
        var options = new ClusterOptions(Nats.Url, 2, TimeSpan.FromSeconds(10), CollectPhoutDir: phouts);
        var run = await PrepareAsync(OpenPlan("const(20, 1s)"), collector, new TimeSeriesCollector(), options);
        Assert.NotNull(run);
        await using (run)
        {
            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.All(run.Agents, a => Assert.Equal(Path.Combine(phouts, a.Name, "phout.log"), a.PhoutPath));
            Assert.Equal([10L, 10L], run.Agents.Select(a => File.ReadLines(a.PhoutPath!).LongCount()));
            Assert.Equal(20, PhoutMerge.Read([.. run.Agents.Select(a => a.PhoutPath!)]).Total.Requests);
        }
    }

    [Fact]
    public async Task StoppedBeforeTheStartInstant_EveryAgentEndsWithoutLoad_NoneIsLost()
    {
        await StartAgentsAsync(2);
        var run = await PrepareAsync(OpenPlan("const(20, 10s)"));
        Assert.NotNull(run);
        await using (run)
        {
            var outcome = await run.RunAsync(new CancellationToken(canceled: true)).WaitAsync(TimeSpan.FromSeconds(15));

            Assert.Equal(StopReason.Interrupted, outcome.Reason);
            Assert.All(run.Agents, a => Assert.True(a.Done && a.LostAfterSeconds is null));
            Assert.Equal(0, Target.Stats.Requests);
        }
    }

    [Fact]
    public async Task ClosedModel_UsersSplitExactly_FirstAgentsTakeTheRemainder()
    {
        await StartAgentsAsync(3);
        var plan = Plan("""
            load:
              users: 5
              iterations: 4
            """);

        var (run, collector, _, outcome) = await RunAsync(plan);

        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.Equal(20, Target.Stats.Requests);
        Assert.Equal(20, collector.Total.Requests);
        Assert.Equal([8L, 8L, 4L], run.Agents.Select(a => a.Requests));
        Assert.Equal(5, run.Progress.PlannedUsers);
    }

    [Fact]
    public async Task AnAgentWithAnotherToken_IsNotUsed_AndTheWaitEndsWithAClearMessage()
    {
        await StartAgentsAsync(1, token: "secret");

        var run = await PrepareAsync(Plan("load: { users: 1, iterations: 1 }"), new ClusterOptions(Nats.Url, 1, TimeSpan.FromSeconds(2), Token: "other"));

        Assert.Null(run);
        Assert.Contains(Log, line => line.Contains("has a different token", StringComparison.Ordinal));
        Assert.Contains(Log, line => line.StartsWith("only 0 of 1 agents joined within 2 s (none)", StringComparison.Ordinal));
        Assert.Equal(0, Target.Stats.Requests);
    }

    [Fact]
    public async Task AnAgentOfAnotherRelease_IsNotUsed_AndTheLogSaysWhy()
    {
        // An agent from before the protocol had a version announces none (read as 0); one from a later release another number.
        await using var nats = new NATS.Client.Core.NatsConnection(new NATS.Client.Core.NatsOpts { Url = Nats.Url });
        using var stop = new CancellationTokenSource();
        var announcing = Task.Run(async () =>
        {
            var old = System.Text.Encoding.UTF8.GetBytes("""{"id":"a1","name":"old-agent","tokenHash":"","host":"h"}""");
            var later = Wire.Encode(new AgentAnnounce("a2", "later-agent", "", "h", Wire.Protocol + 1));
            while (!stop.IsCancellationRequested)
            {
                await nats.PublishAsync(Subjects.Announce, old);
                await nats.PublishAsync(Subjects.Announce, later);
                await Task.Delay(100);
            }
        });

        var run = await PrepareAsync(Plan("load: { users: 1, iterations: 1 }"), new ClusterOptions(Nats.Url, 1, TimeSpan.FromSeconds(2)));
        await stop.CancelAsync();
        await announcing;

        Assert.Null(run);
        Assert.Contains(Log, line => line == $"agent old-agent runs another Barrage release (cluster protocol 1, this one {Wire.Protocol}): " +
            "run the same release on the coordinator and every agent: not used");
        Assert.Contains(Log, line => line.StartsWith($"agent later-agent runs another Barrage release (cluster protocol {Wire.Protocol + 1}", StringComparison.Ordinal));
        Assert.Single(Log, line => line.StartsWith("agent old-agent", StringComparison.Ordinal)); // said once, not at every announce
        Assert.Contains(Log, line => line.StartsWith("only 0 of 1 agents joined within 2 s (none)", StringComparison.Ordinal));
        Assert.Equal(0, Target.Stats.Requests);
    }

    [Fact]
    public async Task APlanAnAgentCannotRun_IsRefusedWithTheReason_BeforeAnyLoad()
    {
        await StartAgentsAsync(2);

        // Overrides the agents cannot apply to this plan (an open one has no users) make it invalid there.
        var run = await PrepareAsync(OpenPlan("const(10, 1s)"), new MetricsCollector(), new TimeSeriesCollector(), overrides: new PlanOverrides { Users = 3 });

        Assert.Null(run);
        Assert.Equal(2, Log.Count(line => line.Contains("refused the plan: the plan is not valid here:", StringComparison.Ordinal)
            && line.Contains("--users is for the closed model", StringComparison.Ordinal)));
        Assert.Equal(0, Target.Stats.Requests);
    }

    [Fact]
    public async Task UsersOverTime_EveryAgentRunsItsShareOfTheUsers_AtEveryInstant()
    {
        await StartAgentsAsync(3);
        var plan = Plan("""
            load:
              users: const(5, 1500ms)
            """);

        var (run, collector, _, outcome) = await RunAsync(plan);

        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.Equal(5, run.Progress.PlannedUsers);
        Assert.Equal(Target.Stats.Requests, collector.Total.Requests);
        Assert.True(run.Agents[0].Requests > run.Agents[2].Requests, "agent 1 runs 2 users, agent 3 one");
    }

    [Fact]
    public async Task TheCoordinatorGone_AgentsStopTheirLoadWithinFiveSeconds_AndAreFreeAtOnce()
    {
        var gaveUp = new TaskCompletionSource();
        var free = 0;
        var bothFree = new TaskCompletionSource();
        await StartAgentsAsync(2, log: line =>
        {
            if (line.Contains("has not been heard", StringComparison.Ordinal))
                gaveUp.TrySetResult();
            if (line.Contains("the coordinator is gone", StringComparison.Ordinal) && Interlocked.Increment(ref free) == 2)
                bothFree.TrySetResult();
        });
        var run = await PrepareAsync(OpenPlan("const(20, 60s)"));
        Assert.NotNull(run);
        // The agents start at the agreed instant whether or not the coordinator follows the run; then it vanishes.
        while (Target.Stats.Requests < 10)
            await Task.Delay(50);
        await run.DisposeAsync();
        var quietSince = DateTime.UtcNow;

        await gaveUp.Task.WaitAsync(TimeSpan.FromSeconds(8));

        // Five seconds of silence from the last heartbeat, which came at most a second before the coordinator went (some slack for a busy machine).
        Assert.True((DateTime.UtcNow - quietSince).TotalSeconds <= 7, "the agents noticed too late");
        // Requests in flight may still finish (a graceful stop): then nothing more comes.
        await Task.Delay(500);
        var settled = Target.Stats.Requests;
        await Task.Delay(1000);
        Assert.Equal(settled, Target.Stats.Requests);
        Assert.True(settled < 200, $"{settled} requests: the agents ran on");
        // Nobody is left to acknowledge their last reports while NATS is up: the agents stop waiting for it at once,
        // instead of resending for their whole patience (10 s) before they take the next run.
        await bothFree.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("not acknowledged within", LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgent_RunAfterRunWithAPluginFromAFreshCopy_EachWorks_AndKeepsNoRunsPluginLoaded()
    {
        await StartAgentsAsync(1);
        // the agent unpacks each run's plan and plugin under the temp folder's barrage-agent; the coordinator reads them here
        using var contexts = new PluginContexts(Dir, Path.Combine(Path.GetTempPath(), "barrage-agent"));

        for (var run = 0; run < 3; run++)
            Assert.Equal((6L, 6L), await PingRunAsync(Path.Combine(Dir, $"project{run}")));

        Assert.Equal(6, contexts.Seen); // each run's copy, loaded by the coordinator and by the agent
        Assert.Equal(0, await contexts.AliveAfterCollectingAsync());
    }

    // Not inlined, so that nothing of the run outlives it on the caller's stack.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private async Task<(long Requests, long Successes)> PingRunAsync(string project)
    {
        ClusterCoordinatorTests.CopyPlugin(Path.Combine(project, "lib"));
        var plan = Path.Combine(project, "ping.yaml");
        File.WriteAllText(plan, $"""
            name: cluster-plugin
            target: {Target.BaseAddress}
            plugins: [ lib/{ClusterCoordinatorTests.PluginFile} ]
            load: {"{"} users: 2, iterations: 3 {"}"}
            scenario:
              main:
                - tcp_ping: 127.0.0.1:{Target.BaseAddress.Port}
            """);
        var (_, collector, _, outcome) = await RunAsync(plan);
        Assert.Equal(StopReason.Completed, outcome.Reason);
        return (collector.Total.Requests, collector.Total.Successes);
    }

    private async Task<(ClusterRun Run, MetricsCollector Collector, SeriesTotals Series, RunOutcome Outcome)> RunAsync(string planPath)
    {
        var collector = new MetricsCollector();
        var series = new TimeSeriesCollector { SealDelay = 3_000_000 };
        var run = await PrepareAsync(planPath, collector, series);
        Assert.True(run is not null, string.Join('\n', Log));
        await using (run)
        {
            var outcome = await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
            collector.Flush(new Aggregate());
            var totals = new SeriesTotals();
            series.Complete(totals.Add);
            return (run, collector, totals, outcome);
        }
    }
}
