using Barrage.Load;
using Barrage.Metrics;
using Barrage.Plans;
using Barrage.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Barrage.Engine;

/// <summary>The open model's pacing, slots and drops, driven by a fake clock: no test here sleeps.</summary>
public sealed class OpenModelRunnerTests
{
    private static readonly Uri Base = new("http://127.0.0.1:1/");

    private static Plan Plan(string schedule, Func<LoadSpec, LoadSpec>? load = null, Scenario? scenario = null) => new()
    {
        Name = "t",
        Target = TargetSpec.ForUrl(Base),
        Load = (load ?? (l => l))(new LoadSpec { Model = LoadModel.Open, Schedule = RateSchedule.Parse(schedule) }),
        Scenario = scenario ?? new Scenario { Main = [Get("/a", "a")] },
    };

    private static RequestActivity Get(string url, string tag) => new() { Method = "GET", Url = url, Tag = tag };

    /// <summary>
    /// Starts the run on the test's thread with no synchronization context and the default task scheduler
    /// (xunit's would capture awaits): it runs until it waits on the fake clock, and everything the clock wakes
    /// up then runs inline in <see cref="FakeTimeProvider.Advance"/>, one deterministic sequence whatever the load.
    /// </summary>
    private static Task<RunOutcome> Run(OpenModelRunner runner, CancellationToken stop = default)
    {
        SynchronizationContext.SetSynchronizationContext(null);
        var start = new Task<Task<RunOutcome>>(() => runner.RunAsync(stop));
        start.RunSynchronously(TaskScheduler.Default);
        return start.Result;
    }

    private static async Task<RunOutcome> Drive(FakeTimeProvider time, Task<RunOutcome> run, TimeSpan step, Action? eachStep = null)
    {
        var until = time.GetUtcNow() + TimeSpan.FromMinutes(10);
        while (!run.IsCompleted && time.GetUtcNow() < until)
        {
            time.Advance(step);
            eachStep?.Invoke();
        }
        return await run;
    }

    private static int[] PerSecond(IEnumerable<Sample> samples, int seconds) =>
        [.. Enumerable.Range(0, seconds).Select(s => samples.Count(x => x.ScheduledUs >= s * 1_000_000L && x.ScheduledUs < (s + 1) * 1_000_000L))];

    [Fact]
    public async Task Const_SendsExactlyTheRatePerSecond_OnTime()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(10));
        var sink = new CollectingSink();
        var runner = new OpenModelRunner(Plan("const(10, 3s)"), Base, transport, sink, time);

        var outcome = await Drive(time, Run(runner), TimeSpan.FromMilliseconds(10));

        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.Equal([10, 10, 10], PerSecond(sink.Samples, 3));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => i * 100_000L), sink.Samples.Select(s => s.ScheduledUs).Order());
        // The clock lands on every arrival time, so each one starts exactly when it was scheduled.
        Assert.All(sink.Samples, s => Assert.Equal(s.ScheduledUs, s.StartUs));
        Assert.All(sink.Samples, s => Assert.InRange(s.TotalUs, 10_000, 20_000));
        Assert.Equal((30, 30, 30, 30, 0L), (runner.Progress.PlannedArrivals, runner.Progress.ArrivalsDue, runner.Progress.ArrivalsSent, runner.Progress.ArrivalsCompleted, runner.Progress.ArrivalsDropped));
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.02));
    }

    [Fact]
    public async Task AShare_SendsEveryCountthArrival_OfTheWholeSchedule()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(10));
        var sink = new CollectingSink();
        var runner = new OpenModelRunner(Plan("const(10, 3s)"), Base, transport, sink, time, share: new LoadShare(1, 3));

        var outcome = await Drive(time, Run(runner), TimeSpan.FromMilliseconds(10));

        Assert.Equal(StopReason.Completed, outcome.Reason);
        // Arrivals 1, 4, 7, ... of the 30 the whole schedule plans at 100 ms apart.
        Assert.Equal(Enumerable.Range(0, 30).Where(k => k % 3 == 1).Select(k => k * 100_000L), sink.Samples.Select(s => s.ScheduledUs).Order());
        Assert.Equal((10, 10), (runner.Progress.PlannedArrivals, runner.Progress.ArrivalsSent));
    }

    [Theory]
    [InlineData("line(0, 10, 4s)", new[] { 2, 3, 7, 8 })]
    [InlineData("step(1, 3, 1, 1s)", new[] { 1, 2, 3 })]
    [InlineData("const(2.5, 2s) line(2.5, 0.5, 2s)", new[] { 3, 2, 2, 1 })]
    public async Task LineAndStep_PerSecondCounts_AreExact_AndLagIsUnderOneClockStep(string schedule, int[] expected)
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(1));
        var sink = new CollectingSink();
        var plan = Plan(schedule);
        var runner = new OpenModelRunner(plan, Base, transport, sink, time);

        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(1));

        Assert.Equal(expected, PerSecond(sink.Samples, expected.Length));
        Assert.Equal(plan.Load.Schedule!.EvenArrivals().Select(t => t.Ticks / 10), sink.Samples.Select(s => s.ScheduledUs).Order());
        Assert.All(sink.Samples, s => Assert.InRange(s.StartUs - s.ScheduledUs, 0, 1_000));
    }

    [Fact]
    public async Task MaxInFlight_IsHonoured_ArrivalsWaitForAFreeSlot()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromSeconds(1));
        var sink = new CollectingSink();
        var plan = Plan("const(10, 2s)", l => l with { MaxInFlight = 3, LateAfter = TimeSpan.FromSeconds(10), GracefulStop = TimeSpan.FromSeconds(30) });
        var runner = new OpenModelRunner(plan, Base, transport, sink, time);
        var most = 0;

        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(10), () => most = Math.Max(most, runner.Progress.InFlight));

        Assert.Equal(3, most);
        Assert.Equal(3, transport.MostInFlight);
        Assert.Equal(3, transport.Made);
        Assert.Equal(20, sink.Samples.Count);
        Assert.Equal(0, runner.Progress.ArrivalsDropped);
        // Three at a time, one second each, in order: arrival k starts when arrival k − 3 ends, so the
        // 20th (scheduled at 1.9 s) starts 6 s after the 2nd (0.1 s).
        var last = sink.Samples.MaxBy(s => s.ScheduledUs);
        Assert.Equal(1_900_000, last.ScheduledUs);
        Assert.Equal(6_100_000, last.StartUs);
        Assert.Equal(6_100_000 - 1_900_000 + 1_000_000, last.ResponseTimeUs);
    }

    [Fact]
    public async Task LateArrivals_AreDroppedWith777_AndCounted()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromSeconds(5));
        var sink = new CollectingSink();
        var metrics = new MetricsCollector();
        var plan = Plan("const(10, 1s)", l => l with { MaxInFlight = 2, LateAfter = TimeSpan.FromMilliseconds(500), GracefulStop = TimeSpan.FromSeconds(10) });
        var runner = new OpenModelRunner(plan, Base, transport, new SinkFanout([sink, metrics]), time);

        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(10));

        var dropped = sink.Samples.Where(s => s.Result.NetCode == NetCodes.Dropped).ToList();
        Assert.Equal(8, dropped.Count);
        Assert.All(dropped, s => Assert.Equal("dropped", s.Tag));
        Assert.All(dropped, s => Assert.True(s.StartUs - s.ScheduledUs > 500_000));
        Assert.Equal(Enumerable.Range(2, 8).Select(i => i * 100_000L), dropped.Select(s => s.ScheduledUs).Order());
        Assert.Equal((10, 2, 2, 8L), (runner.Progress.ArrivalsDue, runner.Progress.ArrivalsSent, runner.Progress.ArrivalsCompleted, runner.Progress.ArrivalsDropped));
        Assert.Equal(0, runner.Progress.ArrivalsWaiting);
        metrics.Flush(new Aggregate());
        Assert.Equal(2, metrics.Total.Requests);
        Assert.Equal(8, metrics.Total.Dropped);
        Assert.Equal(2, metrics.Total.ResponseTime.TotalCount);
    }

    [Fact]
    public async Task Interrupt_IsGraceful_WaitingArrivalsAreDropped_NoneAfter()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(250));
        var sink = new CollectingSink();
        var plan = Plan("const(10, 1m)", l => l with { MaxInFlight = 1 });
        var runner = new OpenModelRunner(plan, Base, transport, sink, time);
        using var stop = new CancellationTokenSource();
        var run = Run(runner, stop.Token);
        for (var i = 0; i < 100; i++)
            time.Advance(TimeSpan.FromMilliseconds(10));

        stop.Cancel();
        var outcome = await Drive(time, run, TimeSpan.FromMilliseconds(10));

        Assert.Equal(StopReason.Interrupted, outcome.Reason);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(1.3), outcome.Elapsed.ToString());
        var p = runner.Progress;
        Assert.True(p.ArrivalsDue is >= 10 and <= 11, p.ArrivalsDue.ToString());
        Assert.Equal(p.ArrivalsDue, p.ArrivalsSent + p.ArrivalsDropped);
        Assert.Equal(p.ArrivalsSent, p.ArrivalsCompleted);
        Assert.Equal(p.ArrivalsDue, sink.Samples.Count);
        Assert.True(p.ArrivalsDropped > 0);
    }

    [Fact]
    public async Task GracefulStop_CancelsRequestsThatOutlastIt_CountingFromTheScheduleEnd()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromSeconds(30));
        var metrics = new MetricsCollector();
        var plan = Plan("const(1, 1s)", l => l with { GracefulStop = TimeSpan.FromSeconds(2) });

        var outcome = await Drive(time, Run(new OpenModelRunner(plan, Base, transport, metrics, time)), TimeSpan.FromMilliseconds(100));

        metrics.Flush(new Aggregate());
        Assert.Equal(1, metrics.Total.Requests);
        Assert.Equal(1, metrics.Total.NetCodeCounts[NetCodes.Cancelled]);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.2));
    }

    [Fact]
    public async Task Scenario_EachArrivalIsOneIterationOfMain_InitAndEndOncePerSlot()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(10));
        var sink = new CollectingSink();
        var plan = Plan("const(5, 1s)", scenario: new Scenario
        {
            Init = [Get("/login", "init")],
            Main = [Get("/a", "a"), Get("/b", "b")],
            End = [Get("/logout", "end")],
        });

        await Drive(time, Run(new OpenModelRunner(plan, Base, transport, sink, time)), TimeSpan.FromMilliseconds(10));

        // Gaps of 200 ms and iterations of 20 ms: one slot serves every arrival.
        Assert.Equal(1, transport.Made);
        Assert.Equal(["init", "a", "b", "a", "b", "a", "b", "a", "b", "a", "b", "end"], transport.Sent);
        var a = sink.Samples.Where(s => s.Tag == "a").Select(s => s.ScheduledUs).Order();
        var firstA = sink.Samples.First(s => s.Tag == "a" && s.ScheduledUs == 0);
        Assert.Equal(10_000, firstA.StartUs);
        Assert.Equal([0, 200_000, 400_000, 600_000, 800_000], a);
        // The second request of an iteration is sent when the first ends: its own start is its schedule.
        Assert.All(sink.Samples.Where(s => s.Tag == "b"), s => Assert.Equal(s.StartUs, s.ScheduledUs));
    }

    [Fact]
    public async Task Poisson_ArrivalsAreTheSchedulesForTheSeed()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.Zero);
        var sink = new CollectingSink();
        var plan = Plan("const(50, 2s)", l => l with { Arrivals = ArrivalKind.Poisson, Seed = 11 });
        var runner = new OpenModelRunner(plan, Base, transport, sink, time);

        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(1));

        Assert.Equal(11, runner.Seed);
        Assert.Equal(plan.Load.Schedule!.PoissonArrivals(11).Select(t => t.Ticks / 10), sink.Samples.Select(s => s.ScheduledUs).Order());
    }

    [Fact]
    public async Task Feed_WithoutLoop_EndsTheRunWhenSpent()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.Zero);
        var requests = Enumerable.Range(0, 3).Select(i => new PreparedRequest("GET", new Uri(Base, $"/{i}"), [], default, $"r{i}")).ToList();
        var plan = Plan("const(10, 1m)", scenario: new Scenario { Main = [] }) with { Ammo = new AmmoSpec("x", Loop: false) };
        var runner = new OpenModelRunner(plan, Base, transport, new MetricsCollector(), time, new RequestFeed(requests, loop: false));

        var outcome = await Drive(time, Run(runner), TimeSpan.FromMilliseconds(10));

        Assert.Equal(["r0", "r1", "r2"], transport.Sent);
        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task DurationCap_CutsTheScheduleShort()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.Zero);
        var sink = new CollectingSink();
        var plan = Plan("const(10, 1m)", l => l with { Duration = TimeSpan.FromSeconds(2) });
        var runner = new OpenModelRunner(plan, Base, transport, sink, time);

        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(10));

        Assert.Equal(20, sink.Samples.Count);
        Assert.Equal(20, runner.Progress.PlannedArrivals);
    }

    [Fact]
    public async Task CatchUp_ALateWakeUp_StartsEveryDueArrivalAtOnce_InOrder()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.Zero);
        var sink = new CollectingSink();
        var runner = new OpenModelRunner(Plan("const(100, 1s)"), Base, transport, sink, time);

        // The clock moves in 250 ms jumps: each wake-up finds 25 arrivals due and starts them together.
        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(250));

        Assert.Equal(100, sink.Samples.Count);
        Assert.Equal(0, runner.Progress.ArrivalsDropped);
        var byStart = sink.Samples.GroupBy(s => s.StartUs).ToDictionary(g => g.Key, g => g.Select(s => s.ScheduledUs).Order().ToList());
        Assert.Equal([0L, 250_000, 500_000, 750_000, 1_000_000], byStart.Keys.Order());
        Assert.Equal([0L], byStart[0]);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => i * 10_000L), byStart[250_000]);
        Assert.Equal(Enumerable.Range(76, 24).Select(i => i * 10_000L), byStart[1_000_000]);
        // Each one's lag is exactly how late the wake-up was for it.
        Assert.All(sink.Samples, s => Assert.Equal(s.StartUs - s.ScheduledUs, (250_000 - s.ScheduledUs % 250_000) % 250_000));
    }

    [Fact]
    public async Task Resolution_ArrivalsWithinItStartTogether_EachKeepsItsScheduledTime()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.Zero);
        var sink = new CollectingSink();
        var runner = new OpenModelRunner(Plan("const(1000, 100ms)", l => l with { Resolution = TimeSpan.FromMilliseconds(10) }), Base, transport, sink, time);

        // The clock lands on every millisecond, yet the pacer wakes only every 10 ms.
        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(1));

        Assert.Equal(100, sink.Samples.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 1_000L), sink.Samples.Select(s => s.ScheduledUs).Order());
        var byStart = sink.Samples.GroupBy(s => s.StartUs).ToDictionary(g => g.Key, g => g.Count());
        // The first at its instant, then ten per wake-up: those scheduled in the 10 ms before it.
        Assert.Equal([0L, .. Enumerable.Range(1, 9).Select(i => i * 10_000L)], byStart.Keys.Order().Take(10));
        Assert.Equal(1, byStart[0]);
        Assert.All(Enumerable.Range(1, 9), i => Assert.Equal(10, byStart[i * 10_000L]));
        Assert.All(sink.Samples, s => Assert.InRange(s.StartUs - s.ScheduledUs, 0, 9_000));
        Assert.Equal(0, runner.Progress.ArrivalsDropped);
    }

    [Fact]
    public async Task Resolution_Zero_OrUnset_StartsEachArrivalAtItsInstant()
    {
        foreach (var resolution in new TimeSpan?[] { TimeSpan.Zero, null })
        {
            var time = new FakeTimeProvider();
            var sink = new CollectingSink();
            var runner = new OpenModelRunner(Plan("const(1000, 50ms)", l => l with { Resolution = resolution }), Base, new ClockTransport(time, TimeSpan.Zero), sink, time);

            await Drive(time, Run(runner), TimeSpan.FromMilliseconds(1));

            Assert.Equal(50, sink.Samples.Count);
            Assert.All(sink.Samples, s => Assert.Equal(s.ScheduledUs, s.StartUs));
        }
    }

    [Fact]
    public async Task LateAfter_IsTheBound_AnArrivalExactlyThatLateStarts_OneLaterIsDropped()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(600));
        var sink = new CollectingSink();
        var plan = Plan("const(10, 1s)", l => l with { MaxInFlight = 1, LateAfter = TimeSpan.FromMilliseconds(500), GracefulStop = TimeSpan.FromSeconds(10) });
        var runner = new OpenModelRunner(plan, Base, transport, sink, time);

        await Drive(time, Run(runner), TimeSpan.FromMilliseconds(10));

        // One slot, 600 ms per request: 0 ms runs at once; 100 ms waits 500 ms (the bound) and starts at 600;
        // the slot is free again at 1200, when 700 ms is 500 ms late and starts; every other one waited longer.
        var sent = sink.Samples.Where(s => s.Result.NetCode != NetCodes.Dropped).OrderBy(s => s.ScheduledUs).ToList();
        Assert.Equal([(0L, 0L), (100_000, 600_000), (700_000, 1_200_000)], sent.Select(s => (s.ScheduledUs, s.StartUs)));
        var dropped = sink.Samples.Where(s => s.Result.NetCode == NetCodes.Dropped).OrderBy(s => s.ScheduledUs).ToList();
        Assert.Equal([200_000L, 300_000, 400_000, 500_000, 600_000, 800_000, 900_000], dropped.Select(s => s.ScheduledUs));
        Assert.All(dropped, s => Assert.True(s.StartUs - s.ScheduledUs > 500_000, $"{s.ScheduledUs} given up at {s.StartUs}"));
        Assert.Equal((10, 3, 3, 7L), (runner.Progress.ArrivalsDue, runner.Progress.ArrivalsSent, runner.Progress.ArrivalsCompleted, runner.Progress.ArrivalsDropped));
    }

    [Fact]
    public async Task Stop_DuringALongGap_EndsTheRunWithoutWaitingForTheNextArrival()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(10));
        var sink = new CollectingSink();
        var runner = new OpenModelRunner(Plan("const(0.1, 1m)"), Base, transport, sink, time); // one arrival every 10 s
        using var stop = new CancellationTokenSource();
        var run = Run(runner, stop.Token);
        time.Advance(TimeSpan.FromSeconds(1));

        stop.Cancel();
        var outcome = await run;

        Assert.Equal(StopReason.Interrupted, outcome.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), outcome.Elapsed);
        Assert.Equal(1, runner.Progress.ArrivalsDue);
        Assert.Equal([0L], sink.Samples.Select(s => s.ScheduledUs));
    }
}
