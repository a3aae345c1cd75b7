using Barrage.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Barrage.Engine;

public sealed class RequestTimerTests
{
    private static readonly PreparedRequest Request = new("GET", new Uri("http://127.0.0.1/"), [], ReadOnlyMemory<byte>.Empty, "t");

    [Fact]
    public void Ended_ResponseThatWaitedToBeRead_ServiceTimeEndsWhenItArrived()
    {
        var time = new FakeTimeProvider();
        var sink = new CollectingSink();
        var timer = new RequestTimer(time, sink, new RunProgress());
        timer.Start();
        time.Advance(TimeSpan.FromMilliseconds(5));

        var start = timer.Starting();
        time.Advance(TimeSpan.FromMicroseconds(900)); // read 900 µs after the send, 250 of them waiting in the socket
        var sample = timer.Ended(Request, start, scheduledUs: 4_800, new TransportResult(0, 10, 600, 40, 80, 100, NetCodes.Ok, 200) { ReadDelayUs = 250 });

        Assert.Equal(650, sample.TotalUs);
        Assert.Equal(5_000, sample.StartUs);
        Assert.Equal(850, sample.ResponseTimeUs); // from the schedule, 200 µs earlier
        Assert.Equal(sample, Assert.Single(sink.Samples));
    }

    [Fact]
    public void Ended_WithoutAReadDelay_ServiceTimeIsTheElapsedTime()
    {
        var time = new FakeTimeProvider();
        var timer = new RequestTimer(time, new CollectingSink(), new RunProgress());
        timer.Start();

        var start = timer.Starting();
        time.Advance(TimeSpan.FromMicroseconds(1_234));
        var sample = timer.Ended(Request, start, null, new TransportResult(0, 0, 1_200, 34, 80, 100, NetCodes.Ok, 200));

        Assert.Equal(1_234, sample.TotalUs);
    }
}
