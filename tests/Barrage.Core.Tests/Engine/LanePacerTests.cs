using System.Diagnostics;

namespace Barrage.Engine;

/// <summary>The pacer of one event-loop lane, driven by hand: which arrivals each wake-up starts, and when it asks to wake next.</summary>
public sealed class LanePacerTests
{
    private const long Start = 1_000_000_000;
    private static readonly long TicksPerMs = Stopwatch.Frequency / 1000;

    private static IEnumerable<TimeSpan> Ms(params int[] ms) => ms.Select(m => TimeSpan.FromMilliseconds(m));

    private static long At(double ms) => Start + (long)(ms * TicksPerMs);

    [Fact]
    public void OnDue_StartsEveryArrivalDueByNow_ThenAsksForTheNext()
    {
        var dispatcher = new Dispatcher();
        using var pacer = new LanePacer(1, Ms(1, 2, 5), Start, endUs: 10_000, dispatcher, CancellationToken.None);
        Assert.Equal(At(1), pacer.DueTimestamp);

        Assert.True(pacer.OnDue(At(2.5)));

        Assert.Equal([(1, 1_000L), (1, 2_000L)], dispatcher.Started);
        Assert.Equal(1, dispatcher.Expiries);
        Assert.Equal(At(5), pacer.DueTimestamp);
    }

    [Fact]
    public void OnDue_AfterTheLastArrival_WaitsForTheEndOfTheSchedule_ThenIsDone()
    {
        var dispatcher = new Dispatcher();
        using var pacer = new LanePacer(0, Ms(1), Start, endUs: 10_000, dispatcher, CancellationToken.None);

        Assert.True(pacer.OnDue(At(1)));
        Assert.Equal(At(10), pacer.DueTimestamp);
        Assert.False(pacer.Done.IsCompleted);

        Assert.False(pacer.OnDue(At(10)));
        Assert.True(pacer.Done.IsCompletedSuccessfully);
        Assert.Equal([(0, 1_000L)], dispatcher.Started);
    }

    [Fact]
    public void OnDue_WithATick_ArrivalsCloserThanItWaitForTheNextTick_FartherOnesDoNot()
    {
        var dispatcher = new Dispatcher();
        using var pacer = new LanePacer(0, Ms(1, 2, 3, 10), Start, endUs: 20_000, dispatcher, CancellationToken.None, tickUs: 1_500);

        Assert.True(pacer.OnDue(At(1)));
        Assert.Equal(At(2.5), pacer.DueTimestamp); // the arrival at 2 ms waits for the tick
        Assert.True(pacer.OnDue(At(2.5)));
        Assert.Equal([1_000L, 2_000L], dispatcher.Started.Select(s => s.ScheduledUs));
        Assert.Equal(At(4), pacer.DueTimestamp);
        Assert.True(pacer.OnDue(At(4)));
        Assert.Equal(At(10), pacer.DueTimestamp); // far enough: on time
    }

    [Fact]
    public void ResolutionTicks_TheTick_ExceptWhileArrivalsWaitForASlot()
    {
        var dispatcher = new Dispatcher();
        using var pacer = new LanePacer(0, Ms(1, 2), Start, endUs: 10_000, dispatcher, CancellationToken.None, tickUs: 1_500);
        using var exact = new LanePacer(0, Ms(1, 2), Start, endUs: 10_000, dispatcher, CancellationToken.None);

        Assert.Equal(TicksPerMs * 3 / 2, pacer.ResolutionTicks); // responses may wait for the next wake-up
        Assert.Equal(0, exact.ResolutionTicks);
        dispatcher.HasWaiting = true;
        Assert.Equal(0, pacer.ResolutionTicks); // a response read at once frees its slot for the line
    }

    [Fact]
    public void Stop_MakesThePacerDueAtOnce_AndItEndsWithoutStartingMore()
    {
        var dispatcher = new Dispatcher();
        using var stop = new CancellationTokenSource();
        using var pacer = new LanePacer(0, Ms(1, 2), Start, endUs: 10_000, dispatcher, stop.Token);

        stop.Cancel();

        Assert.Equal(0, pacer.DueTimestamp);
        Assert.False(pacer.OnDue(At(5)));
        Assert.True(pacer.Done.IsCompletedSuccessfully);
        Assert.Empty(dispatcher.Started);
    }

    [Fact]
    public void OnDue_ADispatcherThatThrows_FailsTheLaneInsteadOfTheLoop()
    {
        using var pacer = new LanePacer(0, Ms(1), Start, endUs: 10_000, new Dispatcher { Throw = true }, CancellationToken.None);

        Assert.False(pacer.OnDue(At(1)));

        Assert.IsType<InvalidOperationException>(pacer.Done.Exception?.InnerException);
    }

    private sealed class Dispatcher : IArrivalDispatcher
    {
        public List<(int Lane, long ScheduledUs)> Started { get; } = [];

        public int Expiries { get; private set; }

        public bool Throw { get; init; }

        public void Dispatch(int lane, long scheduledUs)
        {
            if (Throw)
                throw new InvalidOperationException("a bug");
            Started.Add((lane, scheduledUs));
        }

        public void ExpireWaiting() => Expiries++;

        public bool HasWaiting { get; set; }
    }
}
