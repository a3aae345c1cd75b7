namespace Barrage.Load;

public sealed class LoadShareTests
{
    [Theory]
    [InlineData("const(10, 3s)", 3)]
    [InlineData("line(1, 50, 7s)", 4)]
    [InlineData("step(5, 25, 5, 2s)", 3)]
    [InlineData("const(2.5, 2s) line(2.5, 0.5, 2s)", 2)]
    public void EvenArrivals_TheSharesTogether_AreExactlyTheWholeSchedule_Interleaved(string text, int count)
    {
        var schedule = RateSchedule.Parse(text);
        var whole = schedule.EvenArrivals().ToList();

        var shares = Enumerable.Range(0, count).Select(i => new LoadShare(i, count).Take(schedule.EvenArrivals()).ToList()).ToList();

        Assert.Equal(whole, shares.SelectMany(s => s).Order());
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(new LoadShare(i, count).Of(whole.Count), shares[i].Count);
            // Interleaved, not bunched: agent i has arrival k·count + i.
            Assert.Equal(whole.Where((_, k) => k % count == i), shares[i]);
        }
    }

    [Fact]
    public void PoissonArrivals_WithOneSeed_TheSharesTogether_AreExactlyTheWholeSchedule()
    {
        var schedule = RateSchedule.Parse("line(10, 100, 5s)");
        var whole = schedule.PoissonArrivals(42).ToList();

        var union = Enumerable.Range(0, 3).SelectMany(i => new LoadShare(i, 3).Take(schedule.PoissonArrivals(42)));

        Assert.Equal(whole, union.Order());
    }

    [Theory]
    [InlineData(5, 3, new[] { 2, 2, 1 })]
    [InlineData(2, 3, new[] { 1, 1, 0 })]
    [InlineData(9, 3, new[] { 3, 3, 3 })]
    [InlineData(7, 1, new[] { 7 })]
    public void Users_SumExactly_TheFirstSharesTakeTheRemainder(int users, int count, int[] expected) =>
        Assert.Equal(expected, Enumerable.Range(0, count).Select(i => new LoadShare(i, count).Users(users)));

    [Theory]
    [InlineData(0, 3, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 3, false)]
    [InlineData(-1, 3, false)]
    [InlineData(0, 0, false)]
    public void IsValid_OnlyForAPlaceAmongItsCount(int index, int count, bool valid) => Assert.Equal(valid, new LoadShare(index, count).IsValid);

    [Theory]
    [InlineData(10, 3)]
    [InlineData(9, 3)]
    [InlineData(2, 3)]
    public void Slice_OnceThrough_IsDisjoint_AndTogetherTheList(int length, int count)
    {
        var items = Enumerable.Range(0, length).ToList();

        var slices = Enumerable.Range(0, count).Select(i => new LoadShare(i, count).Slice(items, loop: false)).ToList();

        Assert.Equal(items, slices.SelectMany(s => s).Order());
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(9, 3)]
    [InlineData(4, 6)]
    public void Slice_Looped_GivesEachArrivalTheItemItWouldTakeInOneProcess(int length, int count)
    {
        var items = Enumerable.Range(0, length).ToList();
        for (var i = 0; i < count; i++)
        {
            var slice = new LoadShare(i, count).Slice(items, loop: true);
            // The share's j-th arrival is arrival i + j·count of the whole, which one process gives item (i + j·count) mod length.
            for (var j = 0; j < 50; j++)
                Assert.Equal(items[(i + j * count) % length], slice[j % slice.Count]);
        }
    }

    [Fact]
    public void TheWhole_TakesEverything() => Assert.Equal([1, 2, 3], LoadShare.Whole.Take([1, 2, 3]));
}
