namespace Barrage.Formats.Phout;

/// <summary>One phout line read back: the 12 columns, in file order.</summary>
/// <param name="StartUnixMillis">Column 1, <c>time</c>: request start, milliseconds since the Unix epoch.</param>
/// <param name="Tag">Column 2, <c>tag</c>; may be empty.</param>
/// <param name="IntervalRealUs">Column 3, <c>interval_real</c>: start to end, µs.</param>
/// <param name="ConnectUs">Column 4, <c>connect_time</c>, µs.</param>
/// <param name="SendUs">Column 5, <c>send_time</c>, µs.</param>
/// <param name="LatencyUs">Column 6, <c>latency</c>: request sent to first response byte, µs.</param>
/// <param name="ReceiveUs">Column 7, <c>receive_time</c>: first to last response byte, µs.</param>
/// <param name="IntervalEventUs">Column 8, <c>interval_event</c>: time waiting on I/O, µs.</param>
/// <param name="SizeOut">Column 9, <c>size_out</c>: bytes sent.</param>
/// <param name="SizeIn">Column 10, <c>size_in</c>: bytes received.</param>
/// <param name="NetCode">Column 11, <c>net_code</c>: errno-style transport code, 0 when the exchange completed.</param>
/// <param name="ProtoCode">Column 12, <c>proto_code</c>: HTTP status, 0 when there was no response.</param>
public sealed record PhoutRecord(
    long StartUnixMillis,
    string Tag,
    long IntervalRealUs,
    long ConnectUs,
    long SendUs,
    long LatencyUs,
    long ReceiveUs,
    long IntervalEventUs,
    long SizeOut,
    long SizeIn,
    int NetCode,
    int ProtoCode)
{
    /// <summary>The request start as a point in time (millisecond precision).</summary>
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeMilliseconds(StartUnixMillis);
}
