using Barrage.Target.Internal;

namespace Barrage.Target.Tests.Internal;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("1500ms", 1500)]
    [InlineData("10s", 10_000)]
    [InlineData("0.5s", 500)]
    [InlineData("1m", 60_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 0s ", 0)]
    public void TryParse_NumberWithUnit_GivesDuration(string text, double milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("1d")]
    [InlineData("1 s")]
    [InlineData("1e9s")]
    [InlineData("25h")]
    [InlineData("ms10")]
    public void TryParse_Nonsense_Fails(string text) => Assert.False(Durations.TryParse(text, out _));
}
