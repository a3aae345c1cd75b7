using Barrage.Metrics;
using Barrage.Plans;
using Barrage.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Barrage.Engine;

/// <summary>The closed model's behaviour, driven by a fake clock: no test here sleeps.</summary>
public sealed class LoadRunnerTests
{
    private static readonly Uri Base = new("http://127.0.0.1:1/");

    private static Plan Plan(LoadSpec load, Scenario? scenario = null) => new()
    {
        Name = "t",
        Target = TargetSpec.ForUrl(Base),
        Load = load,
        Scenario = scenario ?? new Scenario
        {
            Init = [Get("/init", "init")],
            Main = [Get("/a", "a"), Get("/b", "b")],
            End = [Get("/end", "end")],
        },
    };

    private static RequestActivity Get(string url, string tag) => new() { Method = "GET", Url = url, Tag = tag };

    /// <summary>
    /// Starts a run away from xunit's synchronization context: awaits then capture no context, so what
    /// the fake clock wakes up runs inline in <see cref="FakeTimeProvider.Advance"/>, deterministically.
    /// </summary>
    private static Task<RunOutcome> Run(LoadRunner runner, CancellationToken stop = default) =>
        Task.Run(() => runner.RunAsync(stop));

    /// <summary>
    /// Waits (in real time, bounded) until the users that start at once have sent their first request:
    /// they leave the caller's thread first, and the fake clock must not move before they are in flight.
    /// </summary>
    private static async Task WaitInFlight(LoadRunner runner, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (runner.Progress.InFlight < count && DateTime.UtcNow < deadline)
            await Task.Delay(1);
        Assert.Equal(count, runner.Progress.InFlight);
    }

    /// <summary>Runs to the end, moving the fake clock forward in small steps while the run waits on it.</summary>
    private static async Task<RunOutcome> Drive(FakeTimeProvider time, Task<RunOutcome> run, TimeSpan step, TimeSpan? limit = null)
    {
        var until = time.GetUtcNow() + (limit ?? TimeSpan.FromMinutes(10));
        while (!run.IsCompleted && time.GetUtcNow() < until)
        {
            await Task.Yield();
            time.Advance(step);
        }
        return await run;
    }

    [Fact]
    public async Task Iterations_EachUserRunsInitThenMainNTimesThenEnd()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.Zero);
        var metrics = new MetricsCollector();
        var runner = new LoadRunner(Plan(new LoadSpec { Users = 3, Iterations = 4 }), Base, transport, metrics, time);

        var outcome = await Run(runner);

        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.Equal(3, transport.SentByUser.Count);
        foreach (var sent in transport.SentByUser.Values)
            Assert.Equal(["init", "a", "b", "a", "b", "a", "b", "a", "b", "end"], sent);
        Assert.Equal(3, transport.Disposed.Count);
        metrics.Flush(new Aggregate());
        Assert.Equal(30, metrics.Total.Requests);
        Assert.Equal(30, metrics.Total.Successes);
        Assert.Equal(0, runner.Progress.ActiveUsers);
        Assert.Equal(0, runner.Progress.InFlight);
    }

    [Fact]
    public async Task SharedIterations_AreExactAcrossUsers()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.Zero);
        var plan = Plan(new LoadSpec { Users = 4, SharedIterations = 10 }, new Scenario { Main = [Get("/", "x")] });

        await Run(new LoadRunner(plan, Base, transport, new MetricsCollector(), time));

        Assert.Equal(10, transport.Sent);
    }

    [Fact]
    public async Task Feed_WithoutLoop_SendsEachRequestOnce_ThenTheRunEnds()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.Zero);
        var requests = Enumerable.Range(0, 7).Select(i => new PreparedRequest("GET", new Uri(Base, $"/{i}"), [], default, $"r{i}")).ToList();
        var plan = Plan(new LoadSpec { Users = 3 }, new Scenario { Main = [] }) with { Ammo = new AmmoSpec("x", Loop: false) };

        await Run(new LoadRunner(plan, Base, transport, new MetricsCollector(), time, new RequestFeed(requests, loop: false)));

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"r{i}").Order(), transport.SentByUser.Values.SelectMany(l => l).Order());
    }

    [Fact]
    public async Task Feed_Looping_CyclesThroughTheRequests()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.Zero);
        var requests = Enumerable.Range(0, 3).Select(i => new PreparedRequest("GET", new Uri(Base, $"/{i}"), [], default, $"r{i}")).ToList();
        var plan = Plan(new LoadSpec { Users = 1, Iterations = 7 }, new Scenario { Main = [] }) with { Ammo = new AmmoSpec("x") };

        await Run(new LoadRunner(plan, Base, transport, new MetricsCollector(), time, new RequestFeed(requests, loop: true)));

        Assert.Equal(["r0", "r1", "r2", "r0", "r1", "r2", "r0"], transport.SentByUser[1]);
    }

    [Fact]
    public async Task Duration_StopsStartingRequests_InFlightOnesFinish_ThenEndRuns()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.FromMilliseconds(95));
        var plan = Plan(new LoadSpec { Users = 1, Duration = TimeSpan.FromSeconds(1) }, new Scenario
        {
            Main = [Get("/a", "a")],
            End = [Get("/end", "end")],
        });
        var runner = new LoadRunner(plan, Base, transport, new MetricsCollector(), time);
        var run = Run(runner);
        await WaitInFlight(runner, 1);

        var outcome = await Drive(time, run, TimeSpan.FromMilliseconds(5));

        // Requests start at 0, 95, ..., 950 ms: eleven; the one in flight at 1 s finishes, then end runs.
        Assert.Equal(Enumerable.Repeat("a", 11).Append("end"), transport.SentByUser[1]);
        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(1045 + 95), TimeSpan.FromMilliseconds(1045 + 95 + 10));
    }

    [Fact]
    public async Task RampUp_StartsUsersEvenly()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.FromMilliseconds(10));
        var plan = Plan(new LoadSpec { Users = 4, RampUp = TimeSpan.FromSeconds(4), Duration = TimeSpan.FromSeconds(10) });
        var runner = new LoadRunner(plan, Base, transport, new MetricsCollector(), time);
        var run = Run(runner);
        await WaitInFlight(runner, 1);

        var seen = new List<int>();
        for (var second = 0; second < 5; second++)
        {
            for (var i = 0; i < 100 && !run.IsCompleted; i++)
            {
                await Task.Yield();
                time.Advance(TimeSpan.FromMilliseconds(10));
            }
            seen.Add(runner.Progress.ActiveUsers);
        }
        await Drive(time, run, TimeSpan.FromMilliseconds(10));

        // Users start at 0, 1, 2 and 3 s, each at its instant; sampled at 1, 2, 3, 4 and 5 s.
        Assert.Equal([2, 3, 4, 4, 4], seen);
    }

    [Fact]
    public async Task Interrupt_IsGraceful_AndReported()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.FromMilliseconds(100));
        var plan = Plan(new LoadSpec { Users = 2, Duration = TimeSpan.FromMinutes(5) });
        var runner = new LoadRunner(plan, Base, transport, new MetricsCollector(), time);
        using var stop = new CancellationTokenSource();
        var run = Run(runner, stop.Token);
        await WaitInFlight(runner, 2);
        for (var i = 0; i < 50; i++)
        {
            await Task.Yield();
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        await stop.CancelAsync();
        var outcome = await Drive(time, run, TimeSpan.FromMilliseconds(10));

        Assert.Equal(StopReason.Interrupted, outcome.Reason);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(2));
        foreach (var sent in transport.SentByUser.Values)
            Assert.Equal("end", sent[^1]);
    }

    [Fact]
    public async Task Interrupt_WhileEveryUserThinks_IsReportedAsAnInterrupt_EvenWhenTheUsersEndFirst()
    {
        // The users' think-time waits hear the stop before the runner's own callback on it does, and with nothing
        // left to send they all end inline, on the stopping thread, before that callback runs (a cluster agent
        // stopped by the coordinator reported "completed" this way).
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.Zero);
        var plan = Plan(new LoadSpec { Users = 2, Duration = TimeSpan.FromMinutes(5) },
            new Scenario { Main = [Get("/a", "a"), new ThinkActivity(ThinkTime.Fixed(TimeSpan.FromMinutes(1)))] });
        var runner = new LoadRunner(plan, Base, transport, new MetricsCollector(), time);
        using var stop = new CancellationTokenSource();
        var run = Run(runner, stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (transport.Sent < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(1);

        await stop.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(StopReason.Interrupted, outcome.Reason);
    }

    [Fact]
    public async Task GracefulStop_CancelsRequestsThatOutlastIt()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.FromSeconds(30));
        var plan = Plan(new LoadSpec { Users = 1, Duration = TimeSpan.FromSeconds(1), GracefulStop = TimeSpan.FromSeconds(2) },
            new Scenario { Main = [Get("/slow", "slow")] });
        var metrics = new MetricsCollector();

        var runner = new LoadRunner(plan, Base, transport, metrics, time);
        var run = Run(runner);
        await WaitInFlight(runner, 1);

        var outcome = await Drive(time, run, TimeSpan.FromMilliseconds(100));

        metrics.Flush(new Aggregate());
        Assert.Equal(1, metrics.Total.Requests);
        Assert.Equal(1, metrics.Total.NetCodeCounts[NetCodes.Cancelled]);
        // Cut at the end of the graceful stop (1 s + 2 s), long before its 30 s answer.
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.2));
    }
}
