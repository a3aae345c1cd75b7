using Barrage.Engine;
using Barrage.Plans;
using Microsoft.Extensions.Time.Testing;

namespace Barrage.Scenarios;

/// <summary>Steps in the closed model on a fake clock: think times, stops, parallel connections. No test here sleeps.</summary>
public sealed class StepExecutionTests
{
    private static readonly Uri Base = new("http://127.0.0.1:1/");

    private static Plan Plan(LoadSpec load, Scenario scenario) =>
        new() { Name = "t", Target = TargetSpec.ForUrl(Base), Load = load, Scenario = scenario };

    private static RequestActivity Get(string tag) => new() { Method = "GET", Url = "/" + tag, Tag = tag };

    /// <summary>
    /// Runs to the end, moving the fake clock in steps of 100 ms once the users have started. Bounded in real time,
    /// not fake time: on a busy machine the users may lag many steps behind the clock, and a clock that stopped
    /// early would leave them waiting on it for ever.
    /// </summary>
    private static async Task<RunOutcome> Drive(FakeTimeProvider time, LoadRunner runner, int users = 1)
    {
        var run = Task.Run(() => runner.RunAsync());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (runner.Progress.ActiveUsers < users && !run.IsCompleted && DateTime.UtcNow < deadline)
            await Task.Delay(1);
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.True(run.IsCompleted, "the run did not end within 30 s");
        return await run;
    }

    [Fact]
    public async Task Think_IsCutShortByTheStop_AndEndStillRuns()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.Zero);
        var scenario = new Scenario
        {
            Main = [Get("a"), new ThinkActivity(ThinkTime.Fixed(TimeSpan.FromMinutes(1))), Get("never")],
            End = [Get("end")],
        };
        var runner = new LoadRunner(Plan(new LoadSpec { Users = 2, Duration = TimeSpan.FromSeconds(5) }, scenario), Base, transport, new CollectingSink(), time);

        var outcome = await Drive(time, runner, users: 2);

        // Ends at the duration, not after the minute of thinking (the clock may run on a little while the run winds down).
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(55));
        Assert.All(transport.SentByUser.Values, sent => Assert.Equal(["a", "end"], sent));
    }

    [Fact]
    public void UsersRandomSources_ComeFromTheSeed_SoASeededRunRepeats()
    {
        double[] Draws(int seed, long user)
        {
            var plan = Plan(new LoadSpec { Iterations = 1, Seed = seed }, new Scenario { Main = [Get("a")] });
            var timer = new RequestTimer(TimeProvider.System, new CollectingSink(), new RunProgress());
            var compiled = CompiledScenario.Compile(plan, Base, new RecordingTransport(TimeProvider.System, TimeSpan.Zero), timer, TimeProvider.System);
            var random = compiled.CreateUser(user, CancellationToken.None).Random;
            return [.. Enumerable.Range(0, 5).Select(_ => random.NextDouble())];
        }

        Assert.Equal(Draws(7, 1), Draws(7, 1));
        Assert.NotEqual(Draws(7, 1), Draws(7, 2));
        Assert.NotEqual(Draws(7, 1), Draws(8, 1));
    }

    [Fact]
    public async Task Parallel_BorrowsConnections_ReusesThem_AndClosesThemWhenTheUserLeaves()
    {
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, TimeSpan.FromMilliseconds(100));
        var scenario = new Scenario { Main = [new ParallelActivity([Get("x"), Get("y"), Get("z"), Get("w")], Limit: 3), Get("after")] };
        var runner = new LoadRunner(Plan(new LoadSpec { Users = 1, Iterations = 3 }, scenario), Base, transport, new CollectingSink(), time);

        await Drive(time, runner);

        Assert.Equal(3, transport.Disposed.Count); // the user's own connection and two borrowed ones, reused each iteration
        Assert.Equal(3 * 5, transport.Sent);
        Assert.Equal(3, transport.SentByUser[1].Count(tag => tag == "after"));
    }

    [Fact]
    public async Task Group_RecordsOneSampleFromTheFirstStartToTheLastEnd_WithItsRequestsBytes()
    {
        var time = new FakeTimeProvider();
        var sink = new CollectingSink();
        var scenario = new Scenario { Main = [new GroupActivity("g", [Get("a"), new ThinkActivity(ThinkTime.Fixed(TimeSpan.FromSeconds(1))), Get("b")])] };
        var runner = new LoadRunner(Plan(new LoadSpec { Users = 1, Iterations = 1 }, scenario), Base, new RecordingTransport(time, TimeSpan.FromMilliseconds(200)), sink, time);

        await Drive(time, runner);

        var group = Assert.Single(sink.Samples, s => s.Tag == "g");
        // Two requests of 200 ms and a second of thinking; the fake clock may run on a little while the user catches up.
        Assert.InRange(group.TotalUs, 1_400_000, 10_000_000);
        Assert.True(group.StartUs <= sink.Samples.First(s => s.Tag == "a").StartUs);
        Assert.Equal((20, 40, 200), (group.Result.BytesOut, group.Result.BytesIn, group.Result.StatusCode));
    }

    [Fact]
    public async Task GroupsInParallelBranches_CountOnlyTheirOwnRequests()
    {
        var time = new FakeTimeProvider();
        var sink = new CollectingSink();
        var scenario = new Scenario
        {
            Main = [new GroupActivity("outer", [new ParallelActivity([new GroupActivity("left", [Get("a")]), new GroupActivity("right", [Get("b"), Get("c")])])])],
        };
        var runner = new LoadRunner(Plan(new LoadSpec { Users = 1, Iterations = 1 }, scenario), Base, new RecordingTransport(time, TimeSpan.FromMilliseconds(100)), sink, time);

        await Drive(time, runner);

        long BytesOut(string tag) => Assert.Single(sink.Samples, s => s.Tag == tag).Result.BytesOut;
        Assert.Equal((10, 20, 30), (BytesOut("left"), BytesOut("right"), BytesOut("outer")));
    }

    [Fact]
    public void ThinkTime_Distributions_HaveTheirMeans()
    {
        var random = new Random(3);
        double Mean(ThinkTime t) => Enumerable.Range(0, 20_000).Average(_ => t.Next(random).TotalMilliseconds);

        Assert.Equal(2000, Mean(ThinkTime.Fixed(TimeSpan.FromSeconds(2))));
        Assert.InRange(Mean(ThinkTime.Between(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))), 1950, 2050);
        Assert.InRange(Mean(ThinkTime.Exponential(TimeSpan.FromSeconds(2))), 1900, 2100);
        Assert.InRange(Mean(ThinkTime.Normal(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(300))), 1980, 2020);
        Assert.Equal(TimeSpan.Zero, Enumerable.Range(0, 1000).Min(_ => ThinkTime.Normal(TimeSpan.Zero, TimeSpan.FromSeconds(1)).Next(random)));
    }
}
