namespace Barrage.Target.Tests;

public sealed class StallScheduleTests
{
    private static readonly StallSchedule EveryTenForOne = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(8_999, 0)]
    [InlineData(9_000, 1_000)]
    [InlineData(9_400, 600)]
    [InlineData(10_000, 0)]
    [InlineData(19_999, 1)]
    public void RemainingStall_OpenOnlyAtTheEndOfEachPeriod(int sinceStartMs, int remainingMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(remainingMs), EveryTenForOne.RemainingStall(TimeSpan.FromMilliseconds(sinceStartMs)));

    [Theory]
    [InlineData(0, 9_000)]
    [InlineData(8_500, 500)]
    [InlineData(9_500, 0)]
    [InlineData(10_000, 9_000)]
    public void UntilNextWindow_CountsToTheNextOpening(int sinceStartMs, int untilMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(untilMs), EveryTenForOne.UntilNextWindow(TimeSpan.FromMilliseconds(sinceStartMs)));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1000, 0)]
    [InlineData(1000, -1)]
    [InlineData(1000, 1000)]
    [InlineData(1000, 2000)]
    public void Validate_Nonsense_GivesAReason(int everyMs, int forMs) =>
        Assert.NotNull(new StallSchedule(TimeSpan.FromMilliseconds(everyMs), TimeSpan.FromMilliseconds(forMs)).Validate());

    [Fact]
    public void Validate_Sensible_GivesNull() => Assert.Null(EveryTenForOne.Validate());
}
