using Barrage.Load;
using Barrage.Plans;
using Microsoft.Extensions.Time.Testing;

namespace Barrage.Engine;

/// <summary>Closed model with users over time, on a fake clock.</summary>
public sealed class UserScheduleRunnerTests
{
    private static readonly Uri Base = new("http://127.0.0.1:1/");

    private static Plan Plan(LoadSpec load) => new()
    {
        Name = "t",
        Target = TargetSpec.ForUrl(Base),
        Load = load,
        Scenario = new Scenario
        {
            Init = [new RequestActivity { Method = "GET", Url = "/in", Tag = "init" }],
            Main = [new RequestActivity { Method = "GET", Url = "/a", Tag = "a" }],
            End = [new RequestActivity { Method = "GET", Url = "/out", Tag = "end" }],
        },
    };

    /// <summary>Starts the run inline with the default scheduler (see <see cref="OpenModelRunnerTests"/>).</summary>
    private static Task<RunOutcome> Run(UserScheduleRunner runner)
    {
        SynchronizationContext.SetSynchronizationContext(null);
        var start = new Task<Task<RunOutcome>>(() => runner.RunAsync());
        start.RunSynchronously(TaskScheduler.Default);
        return start.Result;
    }

    [Fact]
    public async Task UsersFollowTheSchedule_UpAndDown_WithinOneUser()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(20));
        var schedule = UserSchedule.Parse("line(1, 20, 2s) const(20, 1s) line(20, 0, 2s)");
        var runner = new UserScheduleRunner(Plan(new LoadSpec { UserSchedule = schedule, Users = 20 }), Base, transport, new CollectingSink(), time);
        var run = Run(runner);
        var seen = new List<(double At, int Planned, int Active)>();

        var until = time.GetUtcNow().AddMinutes(1);
        while (!run.IsCompleted && time.GetUtcNow() < until)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            var at = runner.Progress.StartTimestamp == 0 ? TimeSpan.Zero : time.GetElapsedTime(runner.Progress.StartTimestamp);
            if (at.Ticks % TimeSpan.FromMilliseconds(250).Ticks == 0 && at < schedule.Duration)
                seen.Add((at.TotalSeconds, schedule.UsersAt(at), runner.Progress.ActiveUsers));
        }
        var outcome = await run;

        Assert.Equal(StopReason.Completed, outcome.Reason);
        Assert.True(seen.Count >= 19, seen.Count.ToString());
        Assert.All(seen, s => Assert.True(Math.Abs(s.Planned - s.Active) <= 1, $"at {s.At}s planned {s.Planned}, active {s.Active}"));
        Assert.Contains(seen, s => s.Active == 20);
        Assert.Equal(0, runner.Progress.ActiveUsers);
        // Every user that came also left through end.
        Assert.Equal(transport.Made, transport.Sent.Count(t => t == "init"));
        Assert.Equal(transport.Made, transport.Sent.Count(t => t == "end"));
    }

    [Fact]
    public async Task CyclesWithHits_RunOneAfterTheOther()
    {
        var time = new FakeTimeProvider();
        var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(10));
        var runner = new UserScheduleRunner(Plan(new LoadSpec { Cycles = [1, 3], Hits = 4, Users = 3 }), Base, transport, new CollectingSink(), time);
        var run = Run(runner);

        for (var i = 0; i < 10_000 && !run.IsCompleted; i++)
            time.Advance(TimeSpan.FromMilliseconds(10));
        await run;

        Assert.Equal(4, transport.Made);
        Assert.Equal((1 + 3) * 4, transport.Sent.Count(t => t == "a"));
        // Cycle one: init + 4 + end = 6 requests of 10 ms, then cycle two in parallel: 6 more.
        Assert.Equal(["init", "a", "a", "a", "a", "end"], transport.Sent.Take(6));
    }

    [Fact]
    public async Task CyclesShared_EachCycleSplitsItsUsersExactly()
    {
        var sent = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var time = new FakeTimeProvider();
            var transport = new ClockTransport(time, TimeSpan.FromMilliseconds(10));
            var runner = new UserScheduleRunner(Plan(new LoadSpec { Cycles = [5, 3], Hits = 2, Users = 5 }), Base, transport, new CollectingSink(), time,
                share: new LoadShare(i, 3));
            var run = Run(runner);
            for (var step = 0; step < 10_000 && !run.IsCompleted; step++)
                time.Advance(TimeSpan.FromMilliseconds(10));
            await run;
            sent.Add(transport.Sent.Count(t => t == "a"));
        }

        // Cycle 5 splits 2, 2, 1 and cycle 3 splits 1, 1, 1; two hits each.
        Assert.Equal([6, 6, 4], sent);
    }
}
