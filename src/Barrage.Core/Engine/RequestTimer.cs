using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// Sends one request on a transport, times it on the run's clock and records its <see cref="Sample"/>:
/// the piece of a runner that every load model shares.
/// </summary>
internal sealed class RequestTimer(TimeProvider time, ISampleSink sink, RunProgress progress)
{
    private long _startTimestamp;
    private long _startUnixMicros;

    /// <summary>Marks the start of the run: sample times are counted from here.</summary>
    public void Start()
    {
        _startUnixMicros = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        _startTimestamp = time.GetTimestamp();
        progress.Started(_startTimestamp);
    }

    /// <summary>The clock timestamp of the start.</summary>
    public long StartTimestamp => _startTimestamp;

    /// <summary>Time since the start.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_startTimestamp);

    /// <summary>Microseconds since the start.</summary>
    public long ElapsedUs => Micros(Elapsed);

    /// <summary>Sends <paramref name="request"/>; the sample's scheduled time is <paramref name="scheduledUs"/>, or its actual start when null.</summary>
    public async ValueTask SendAsync(ITransport transport, PreparedRequest request, long? scheduledUs, CancellationToken hard)
    {
        var start = Starting();
        Ended(request, start, scheduledUs, await GuardedSend.Start(transport, request, hard));
    }

    /// <summary>
    /// The first half of <see cref="SendAsync"/>, for a loop that awaits the transport itself (no state machine
    /// per request): counts the request in flight and returns its start timestamp.
    /// </summary>
    public long Starting()
    {
        progress.RequestStarted();
        return time.GetTimestamp();
    }

    /// <summary>
    /// The second half of <see cref="SendAsync"/>: records the sample of a request started at <paramref name="start"/>,
    /// whose response ended now, or <see cref="TransportResult.ReadDelayUs"/> before now when it waited to be read.
    /// </summary>
    public Sample Ended(PreparedRequest request, long start, long? scheduledUs, in TransportResult result)
    {
        var end = time.GetTimestamp();
        progress.RequestEnded();
        var startUs = Micros(time.GetElapsedTime(_startTimestamp, start));
        var sample = new Sample
        {
            Tag = request.Tag,
            StartUnixMicros = _startUnixMicros + startUs,
            ScheduledUs = Math.Min(scheduledUs ?? startUs, startUs),
            StartUs = startUs,
            TotalUs = Math.Max(0, Micros(time.GetElapsedTime(start, end)) - result.ReadDelayUs),
            Result = result,
        };
        sink.Record(sample);
        return sample;
    }

    /// <summary>Where samples go; check verdicts are counted there too.</summary>
    public ISampleSink Sink => sink;

    /// <summary>Records a group (a named transaction) that started at <paramref name="start"/> and ends now, tagged <paramref name="tag"/>.</summary>
    public void RecordGroup(string tag, long start, long? scheduledUs, in TransportResult result)
    {
        var end = time.GetTimestamp();
        var startUs = Micros(time.GetElapsedTime(_startTimestamp, start));
        sink.Record(new Sample
        {
            Tag = tag,
            StartUnixMicros = _startUnixMicros + startUs,
            ScheduledUs = Math.Min(scheduledUs ?? startUs, startUs),
            StartUs = startUs,
            TotalUs = Micros(time.GetElapsedTime(start, end)),
            Result = result,
            IsGroup = true,
        });
    }

    /// <summary>Records an arrival that was never sent: net code 777, tag <c>dropped</c>, no time spent.</summary>
    public void RecordDropped(long scheduledUs, long givenUpUs)
    {
        progress.ArrivalDropped();
        sink.Record(new Sample
        {
            Tag = DroppedTag,
            StartUnixMicros = _startUnixMicros + scheduledUs,
            ScheduledUs = scheduledUs,
            StartUs = givenUpUs,
            TotalUs = 0,
            Result = TransportResult.Failed(NetCodes.Dropped),
        });
    }

    /// <summary>The tag of dropped arrivals, as Pandora writes it.</summary>
    public const string DroppedTag = "dropped";

    public static long Micros(TimeSpan span) => span.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
}
