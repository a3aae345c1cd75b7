namespace Barrage.Load;

/// <summary>Parsing Tank's rate schedules, and the exact arithmetic of N(t) and its inverse.</summary>
public sealed class RateScheduleTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Const_Line_Step_AreConcatenatedBySpaces()
    {
        var schedule = RateSchedule.Parse("const(100, 30s) line(1, 10.5, 1m)  step(10, 30, 10, 5s)");

        Assert.Equal(
            [new(100, 100, S(30)), new(1, 10.5, S(60)), new(10, 10, S(5)), new(20, 20, S(5)), new(30, 30, S(5))],
            schedule.Segments);
        Assert.Equal(S(105), schedule.Duration);
    }

    [Fact]
    public void Step_Downwards_AndIncrementThatDoesNotDivide()
    {
        Assert.Equal([new(50, 50, S(1)), new(30, 30, S(1)), new(10, 10, S(1))], RateSchedule.Parse("step(50, 10, 20, 1s)").Segments);
        Assert.Equal([new(0, 0, S(2)), new(3, 3, S(2)), new(6, 6, S(2))], RateSchedule.Parse("step(0, 7, 3, 2s)").Segments);
    }

    [Theory]
    [InlineData("const(0.5,1500ms)", 0.5, 1.5)]
    [InlineData("  const( 2 , 1h30m )  ", 2, 5400)]
    [InlineData("const(3, 10)", 3, 10)]
    public void Const_AcceptsFractionsSpacesAndAnyDuration(string text, double rate, double seconds) =>
        Assert.Equal([new ScheduleSegment(rate, rate, S(seconds))], RateSchedule.Parse(text).Segments);

    [Theory]
    [InlineData("line(1, 10", 11, "expected ')'")]
    [InlineData("", 1, "expected a schedule such as const(100, 30s)")]
    [InlineData("   ", 1, "expected a schedule such as const(100, 30s)")]
    [InlineData("lin(1, 10, 5s)", 1, "unknown rate schedule 'lin'; did you mean 'line'?")]
    [InlineData("const(1, 1s) ramp(5, 1s)", 14, "unknown rate schedule 'ramp'; expected one of: const, line, step")]
    [InlineData("const 5", 7, "expected '(' after 'const'")]
    [InlineData("const(1, 1s) 5", 14, "expected a schedule step such as const(100, 30s), got '5'")]
    [InlineData("const(1, 1s", 12, "expected ')'")]
    [InlineData("const(1, line(1, 2, 3s))", 14, "expected ')'")]
    [InlineData("const(10)", 9, "const takes 2 arguments (rate, duration), got 1")]
    [InlineData("const(10, 1s, 5)", 15, "const takes 2 arguments (rate, duration), got 3")]
    [InlineData("line(1, 2)", 10, "line takes 3 arguments (from, to, duration), got 2")]
    [InlineData("step(1, 2, 3)", 13, "step takes 4 arguments (from, to, increment, step duration), got 3")]
    [InlineData("const(ten, 1s)", 7, "expected a rate (a number), got 'ten'")]
    [InlineData("const(, 1s)", 7, "expected a rate (a number), got nothing")]
    [InlineData("const(-1, 1s)", 7, "a rate cannot be negative, got -1")]
    [InlineData("line(1,  x, 1s)", 10, "expected a rate (a number), got 'x'")]
    [InlineData("const(1, 10 s)", 10, "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '10 s'")]
    [InlineData("const(1, 5d)", 10, "unknown unit 'd' in duration '5d'; use h, m, s or ms")]
    [InlineData("const(1, 0s)", 10, "a duration must be longer than zero, got '0s'")]
    [InlineData("step(1, 10, 0, 1s)", 13, "the increment must be more than zero")]
    [InlineData("step(0, 1000000, 1, 1s)", 18, "the step makes 1000001 steps; at most 100000 are allowed")]
    public void Errors_PointAtTheColumn(string text, int column, string message)
    {
        Assert.False(RateSchedule.TryParse(text, out _, out var error));
        Assert.Equal(new ScheduleError(column, message), error);
        var thrown = Assert.Throws<FormatException>(() => RateSchedule.Parse(text));
        Assert.Equal($"{message} at column {column}", thrown.Message);
    }

    [Fact]
    public void ArrivalsBy_IsTheIntegralOfTheRate()
    {
        var schedule = RateSchedule.Parse("line(0, 10, 10s) const(10, 5s) line(10, 0, 4s)");

        Assert.Equal(0, schedule.ArrivalsBy(S(0)));
        Assert.Equal(0.5, schedule.ArrivalsBy(S(1)));
        Assert.Equal(50, schedule.ArrivalsBy(S(10)));
        Assert.Equal(75, schedule.ArrivalsBy(S(12.5)));
        Assert.Equal(100, schedule.ArrivalsBy(S(15)));
        Assert.Equal(100 + 10 * 2 - 10.0 / 8 * 4, schedule.ArrivalsBy(S(17)), 9);
        Assert.Equal(120, schedule.ArrivalsBy(S(19)));
        Assert.Equal(120, schedule.ArrivalsBy(S(100)));
        Assert.Equal(120, schedule.TotalArrivals);
        Assert.Equal(5, schedule.RateAt(S(5)));
        Assert.Equal(10, schedule.RateAt(S(12)));
        Assert.Equal(5, schedule.RateAt(S(17)));
        Assert.Equal(0, schedule.RateAt(S(19)));
        Assert.Equal(10, schedule.PeakRate);
    }

    [Fact]
    public void Const_EvenArrivals_AreExactlySpaced_FromZero()
    {
        var schedule = RateSchedule.Parse("const(10, 1s)");

        Assert.Equal(Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(100 * i)), schedule.EvenArrivals());
        Assert.Null(schedule.ArrivalTime(10));
        Assert.Null(schedule.ArrivalTime(-1));
    }

    [Fact]
    public void ArrivalTime_InvertsN_ForEveryK()
    {
        var schedule = RateSchedule.Parse("line(0, 100, 3s) const(0, 2s) step(20, 60, 20, 1s) line(70, 0.5, 2s)");
        var arrivals = schedule.EvenArrivals().ToList();

        Assert.Equal(schedule.TotalArrivals, arrivals.Count);
        for (var k = 0; k < arrivals.Count; k++)
        {
            // N just after the k-th arrival exceeds k, and N just before it does not (to a tick's rounding).
            Assert.True(schedule.ArrivalsBy(arrivals[k] + TimeSpan.FromMilliseconds(0.01)) > k, $"k={k}");
            Assert.True(schedule.ArrivalsBy(arrivals[k] - TimeSpan.FromMilliseconds(0.01)) <= k + 1e-9, $"k={k}");
            Assert.Equal(arrivals[k], schedule.ArrivalTime(k));
        }
        // Nothing is planned during the pause from 3 s to 5 s: the next arrival comes right when it ends.
        Assert.DoesNotContain(arrivals, a => a > S(3) && a < S(5));
        Assert.Contains(S(5), arrivals);
    }

    [Theory]
    [InlineData("const(7, 3s)")]
    [InlineData("line(0, 10, 10s)")]
    [InlineData("line(10, 1, 9s)")]
    [InlineData("step(5, 25, 10, 2s)")]
    [InlineData("const(2.5, 4s) line(2.5, 12.5, 2s)")]
    public void EvenArrivals_PerSecond_AreTheIncrementsOfCeilN(string text)
    {
        var schedule = RateSchedule.Parse(text);
        var arrivals = schedule.EvenArrivals().ToList();

        for (var second = 0; second < (int)Math.Ceiling(schedule.Duration.TotalSeconds); second++)
        {
            var expected = (long)Math.Ceiling(schedule.ArrivalsBy(S(second + 1)) - 1e-9) - (long)Math.Ceiling(schedule.ArrivalsBy(S(second)) - 1e-9);
            Assert.Equal(expected, arrivals.Count(a => a >= S(second) && a < S(second + 1)));
        }
        Assert.All(arrivals, a => Assert.True(a < schedule.Duration));
    }

    [Fact]
    public void LinePerSecondCounts_AreTheKnownNumbers()
    {
        // N(t) = t²/2: per second 1, 1, 3, 3, 5, 5... in ceiling steps: ⌈0.5⌉=1, ⌈2⌉-1=1, ⌈4.5⌉-2=3, ⌈8⌉-5=3.
        var arrivals = RateSchedule.Parse("line(0, 10, 10s)").EvenArrivals().ToList();
        var perSecond = Enumerable.Range(0, 10).Select(s => arrivals.Count(a => a >= S(s) && a < S(s + 1)));

        Assert.Equal([1, 1, 3, 3, 5, 5, 7, 7, 9, 9], perSecond);
        Assert.Equal(50, arrivals.Count);
    }

    [Fact]
    public void FractionalRate_PlansTheCeilingOfN()
    {
        Assert.Equal(2, RateSchedule.Parse("const(0.5, 3s)").TotalArrivals);
        Assert.Equal([S(0), S(2)], RateSchedule.Parse("const(0.5, 3s)").EvenArrivals());
        Assert.Equal(1, RateSchedule.Parse("const(0.1, 10s)").TotalArrivals);
    }

    [Fact]
    public void PoissonArrivals_AreDeterministicForASeed_AndDifferForAnother()
    {
        var schedule = RateSchedule.Parse("line(10, 100, 5s)");

        var first = schedule.PoissonArrivals(42).ToList();
        Assert.Equal(first, schedule.PoissonArrivals(42));
        Assert.NotEqual(first, schedule.PoissonArrivals(43));
        Assert.Equal(first, schedule.Arrivals(ArrivalKind.Poisson, 42));
        Assert.Equal(schedule.EvenArrivals(), schedule.Arrivals(ArrivalKind.Even, 42));
        Assert.True(first.SequenceEqual(first.Order()));
        Assert.All(first, a => Assert.InRange(a, TimeSpan.Zero, schedule.Duration));
        // 275 planned; a Poisson count has a standard deviation of √275 ≈ 17.
        Assert.InRange(first.Count, 275 - 5 * 17, 275 + 5 * 17);
    }

    [Fact]
    public void ToString_WritesTankSyntaxBack()
    {
        var text = RateSchedule.Parse("line(1, 2.5, 1m30s) step(1, 2, 1, 1s)").ToString();

        Assert.Equal("line(1, 2.5, 1m30s) const(1, 1s) const(2, 1s)", text);
        Assert.Equal(RateSchedule.Parse(text).Segments, RateSchedule.Parse("line(1, 2.5, 90s) const(1, 1s) const(2, 1s)").Segments);
    }
}
