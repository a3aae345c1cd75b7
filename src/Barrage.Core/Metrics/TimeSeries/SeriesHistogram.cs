namespace Barrage.Metrics.TimeSeries;

/// <summary>The latency histograms a <see cref="SeriesStats"/> keeps, in microseconds.</summary>
public enum SeriesHistogram
{
    /// <summary>Service time: actual start to end (<see cref="Engine.Sample.TotalUs"/>).</summary>
    Service,

    /// <summary>Response time: scheduled start to end (<see cref="Engine.Sample.ResponseTimeUs"/>).</summary>
    Response,

    /// <summary>Connect phase (0 on a reused connection, recorded as the histogram's lowest value).</summary>
    Connect,

    /// <summary>Send phase.</summary>
    Send,

    /// <summary>From the request sent to the first byte of the response.</summary>
    Latency,

    /// <summary>From the first byte to the last.</summary>
    Receive,
}
