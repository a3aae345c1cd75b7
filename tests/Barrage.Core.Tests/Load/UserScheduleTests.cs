namespace Barrage.Load;

/// <summary>Parsing user schedules and cycles, and the user count over time.</summary>
public sealed class UserScheduleTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void EveryForm_BecomesSegments_RampWaitStartRelativeToTheCountBefore()
    {
        var schedule = UserSchedule.Parse("start(5) ramp(10, 10s) wait(5s) const(3, 1m) line(3, 0, 3s) step(2, 6, 2, 1s)");

        Assert.Equal(
            [new(5, 5, TimeSpan.Zero), new(5, 15, S(10)), new(15, 15, S(5)), new(3, 3, S(60)), new(3, 0, S(3)),
             new(2, 2, S(1)), new(4, 4, S(1)), new(6, 6, S(1))],
            schedule.Segments);
        Assert.Equal(S(81), schedule.Duration);
        Assert.Equal(15, schedule.MaxUsers);
    }

    [Fact]
    public void UsersAt_FollowsTheIssuesExample_RoundingTowardWhereALineStarts()
    {
        var schedule = UserSchedule.Parse("line(1, 50, 20s) const(50, 20s) line(50, 0, 10s)");

        Assert.Equal(1, schedule.UsersAt(S(0)));
        Assert.Equal(25, schedule.UsersAt(S(10)));
        Assert.Equal(49, schedule.UsersAt(S(19.9)));
        Assert.Equal(50, schedule.UsersAt(S(20)));
        Assert.Equal(50, schedule.UsersAt(S(40)));
        Assert.Equal(25, schedule.UsersAt(S(45)));
        Assert.Equal(1, schedule.UsersAt(S(49.9)));
        Assert.Equal(0, schedule.UsersAt(S(50)));
        Assert.Equal(0, schedule.UsersAt(S(-1)));
    }

    [Fact]
    public void Start_IsAJump_TheCountHoldsFromItsInstant()
    {
        var schedule = UserSchedule.Parse("const(2, 1s) start(3) wait(1s)");

        Assert.Equal(2, schedule.UsersAt(S(0.5)));
        Assert.Equal(5, schedule.UsersAt(S(1)));
        Assert.Equal(5, schedule.UsersAt(S(1.5)));
    }

    [Theory]
    [InlineData("line(1, 10", 11, "expected ')'")]
    [InlineData("const(1.5, 1s)", 7, "expected a number of users (a whole number), got '1.5'")]
    [InlineData("const(-2, 1s)", 7, "a number of users cannot be negative, got -2")]
    [InlineData("const(2000000, 1s)", 7, "a number of users must be at most 1000000, got 2000000")]
    [InlineData("ramp(5)", 7, "ramp takes 2 arguments (users, duration), got 1")]
    [InlineData("wait()", 6, "wait takes 1 argument (duration), got 0")]
    [InlineData("wait(1s, 2)", 10, "wait takes 1 argument (duration), got 2")]
    [InlineData("start(3)", 1, "the schedule has no duration; add const(n, duration) or wait(duration)")]
    [InlineData("stat(3) wait(1s)", 1, "unknown user schedule 'stat'; did you mean 'start'?")]
    [InlineData("const(3, 1s) wait(x)", 19, "expected a duration such as 30s, 5m, 1h30m or 1500ms, got 'x'")]
    [InlineData("step(1, 5, 0, 1s)", 12, "the increment must be more than zero")]
    public void Errors_PointAtTheColumn(string text, int column, string message)
    {
        Assert.False(UserSchedule.TryParse(text, out _, out var error));
        Assert.Equal(new ScheduleError(column, message), error);
    }

    [Fact]
    public void Cycles_AreRecognised_AndParsed()
    {
        Assert.True(UserSchedule.LooksLikeCycles("10:20:30"));
        Assert.False(UserSchedule.LooksLikeCycles("10"));
        Assert.False(UserSchedule.LooksLikeCycles("const(1, 1s)"));
        Assert.True(UserSchedule.TryParseCycles("10:20: 30", out var cycles, out _));
        Assert.Equal([10, 20, 30], cycles);

        var schedule = UserSchedule.FromCycles(cycles, S(5));
        Assert.Equal([10, 10, 20, 30], new[] { 0, 4.9, 5, 14.9 }.Select(t => schedule.UsersAt(S(t))));
        Assert.Equal(S(15), schedule.Duration);
    }

    [Theory]
    [InlineData("10::30", 4, "expected a number of users from 1 to 1000000 in each cycle, got nothing")]
    [InlineData("10:0:30", 4, "expected a number of users from 1 to 1000000 in each cycle, got '0'")]
    [InlineData("10:20:", 7, "expected a number of users from 1 to 1000000 in each cycle, got nothing")]
    public void CycleErrors_PointAtTheColumn(string text, int column, string message)
    {
        Assert.False(UserSchedule.TryParseCycles(text, out _, out var error));
        Assert.Equal(new ScheduleError(column, message), error);
    }
}
