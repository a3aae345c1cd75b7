namespace Barrage.Plans;

public class DurationsTests
{
    public static TheoryData<string, long> Valid => new()
    {
        { "30s", 30 * TimeSpan.TicksPerSecond },
        { "5m", 5 * TimeSpan.TicksPerMinute },
        { "1h30m", 90 * TimeSpan.TicksPerMinute },
        { "1500ms", 1500 * TimeSpan.TicksPerMillisecond },
        { "1m30s", 90 * TimeSpan.TicksPerSecond },
        { "0.5s", 500 * TimeSpan.TicksPerMillisecond },
        { "1.5h", 90 * TimeSpan.TicksPerMinute },
        { "10", 10 * TimeSpan.TicksPerSecond },
        { "2.25", 2250 * TimeSpan.TicksPerMillisecond },
        { "0", 0 },
        { "0s", 0 },
        { "1h1m1s1ms", TimeSpan.TicksPerHour + TimeSpan.TicksPerMinute + TimeSpan.TicksPerSecond + TimeSpan.TicksPerMillisecond },
        { "2h0m5s", 2 * TimeSpan.TicksPerHour + 5 * TimeSpan.TicksPerSecond },
        { "0.25ms", TimeSpan.TicksPerMillisecond / 4 },
        { "  3s ", 3 * TimeSpan.TicksPerSecond },
        { "007s", 7 * TimeSpan.TicksPerSecond },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_Valid_GivesTheDuration(string text, long ticks)
    {
        Assert.True(Durations.TryParse(text, out var value, out var error), error);
        Assert.Null(error);
        Assert.Equal(TimeSpan.FromTicks(ticks), value);
    }

    [Theory]
    [InlineData("", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got ''")]
    [InlineData("   ", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '   '")]
    [InlineData("abc", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got 'abc'")]
    [InlineData("s", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got 's'")]
    [InlineData("5 s", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '5 s'")]
    [InlineData("1h30", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '1h30'")]
    [InlineData("1..5s", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '1..5s'")]
    [InlineData(".5s", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '.5s'")]
    [InlineData("5.s", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '5.s'")]
    [InlineData("1,5s", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '1,5s'")]
    [InlineData("+5s", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '+5s'")]
    [InlineData("1e3s", "unknown unit 'e' in duration '1e3s'; use h, m, s or ms")]
    [InlineData("-", "expected a duration such as 30s, 5m, 1h30m or 1500ms, got '-'")]
    [InlineData("-5s", "a duration cannot be negative, got '-5s'")]
    [InlineData("-1", "a duration cannot be negative, got '-1'")]
    [InlineData("10x", "unknown unit 'x' in duration '10x'; use h, m, s or ms")]
    [InlineData("3d", "unknown unit 'd' in duration '3d'; use h, m, s or ms")]
    [InlineData("30s5m", "units in duration '30s5m' must go from largest to smallest, each once (like 1h30m or 1m30s)")]
    [InlineData("1s1s", "units in duration '1s1s' must go from largest to smallest, each once (like 1h30m or 1m30s)")]
    [InlineData("99999999999h", "duration '99999999999h' is too long")]
    [InlineData("100000000000000000000000000000000000000000000000000s", "duration '1000000000000000000000000000000000000000...' is too long")]
    public void TryParse_Invalid_SaysWhy(string text, string expected)
    {
        Assert.False(Durations.TryParse(text, out var value, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Fact]
    public void TryParse_LargestDuration_Fits()
    {
        Assert.True(Durations.TryParse("256204778h", out var value, out _));
        Assert.Equal(TimeSpan.FromHours(256204778), value);
        Assert.False(Durations.TryParse("256204779h", out _, out var error));
        Assert.Equal("duration '256204779h' is too long", error);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(30 * TimeSpan.TicksPerSecond, "30s")]
    [InlineData(90 * TimeSpan.TicksPerSecond, "1m30s")]
    [InlineData(90 * TimeSpan.TicksPerMinute, "1h30m")]
    [InlineData(1500 * TimeSpan.TicksPerMillisecond, "1s500ms")]
    [InlineData(TimeSpan.TicksPerHour + 2 * TimeSpan.TicksPerMillisecond, "1h2ms")]
    [InlineData(TimeSpan.TicksPerMillisecond / 2, "0.5ms")]
    [InlineData(TimeSpan.TicksPerSecond + 12_345, "1s1.2345ms")]
    [InlineData(49 * TimeSpan.TicksPerHour, "49h")]
    public void Format_WritesUnitsLargestFirst(long ticks, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Format_RoundTripsThroughTryParse()
    {
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var value = TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 400));
            var text = Durations.Format(value);
            Assert.True(Durations.TryParse(text, out var back, out var error), $"{text}: {error}");
            Assert.Equal(value, back);
        }
    }

    [Fact]
    public void Format_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Durations.Format(TimeSpan.FromSeconds(-1)));
}
