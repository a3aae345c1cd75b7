using Barrage.Load;

namespace Barrage.Engine;

/// <summary>The pacer's decisions, with no clock at all: which arrivals a wake-up at a given instant starts.</summary>
public sealed class ArrivalPacerTests
{
    private static ArrivalPacer Even(string schedule) => new(RateSchedule.Parse(schedule).EvenArrivals());

    [Fact]
    public void TakeDue_ReleasesEachArrivalAtItsInstant_NotAMicrosecondBefore()
    {
        using var pacer = Even("const(4, 1s)"); // 0, 250, 500, 750 ms
        var due = new List<long>();

        Assert.Equal(1, pacer.TakeDue(0, due));
        Assert.Equal(250_000, pacer.NextDueUs);
        Assert.Equal(0, pacer.TakeDue(249_999, due));
        Assert.Equal(1, pacer.TakeDue(250_000, due));
        Assert.Equal([0L, 250_000], due);
    }

    [Fact]
    public void TakeDue_AfterALateWakeUp_ReleasesTheWholeBacklogInOrder()
    {
        using var pacer = Even("const(1000, 1s)");
        var due = new List<long>();
        pacer.TakeDue(0, due);
        due.Clear();

        // Woken 10 ms late: the arrivals at 1..10 ms all go now, as one batch, oldest first.
        Assert.Equal(10, pacer.TakeDue(10_000, due));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 1000L), due);
        Assert.Equal(11_000, pacer.NextDueUs);
    }

    [Fact]
    public void TakeDue_CapsABatch_TheRestComesWithTheNextCall()
    {
        using var pacer = Even("const(1000, 1s)");
        var due = new List<long>();

        Assert.Equal(4, pacer.TakeDue(9_000, due, max: 4));
        Assert.Equal(4, pacer.TakeDue(9_000, due, max: 4));
        Assert.Equal(2, pacer.TakeDue(9_000, due, max: 4));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 1000L), due);
    }

    [Fact]
    public void TakeDue_AtTheEnd_HasNextTurnsFalse_AndNothingMoreComes()
    {
        using var pacer = Even("const(2, 1s)");
        var due = new List<long>();

        Assert.Equal(2, pacer.TakeDue(long.MaxValue, due));
        Assert.False(pacer.HasNext);
        Assert.Equal(0, pacer.TakeDue(long.MaxValue, due));
    }

    [Fact]
    public void Poisson_TheSameSeed_GivesTheSameBatches()
    {
        var schedule = RateSchedule.Parse("const(500, 2s)");
        using var a = new ArrivalPacer(schedule.PoissonArrivals(7));
        using var b = new ArrivalPacer(schedule.PoissonArrivals(7));
        var batchesA = new List<int>();
        var batchesB = new List<int>();
        var sink = new List<long>();

        for (long now = 0; now <= 2_000_000; now += 5_000)
        {
            batchesA.Add(a.TakeDue(now, sink));
            batchesB.Add(b.TakeDue(now, sink));
        }

        Assert.Equal(batchesA, batchesB);
        Assert.Contains(batchesA, n => n > 1);
        Assert.Equal(sink.Count / 2, batchesA.Sum());
    }

    [Fact]
    public void NextWake_IsTheNextArrival_ButNotSoonerThanTheResolutionAfterNow()
    {
        using var pacer = Even("const(1000, 1s)");
        var due = new List<long>();
        pacer.TakeDue(0, due);

        Assert.Equal(1_000, pacer.NextWakeUs(0, 0));
        Assert.Equal(1_000, pacer.NextWakeUs(0, 250));
        Assert.Equal(10_000, pacer.NextWakeUs(0, 10_000));
    }
}
