using System.Diagnostics;

namespace Barrage.Transport.Http1;

/// <summary>Turns an HTTP/1.1 exchange's Stopwatch timestamps into a <see cref="TransportResult"/>; shared by both transports.</summary>
internal static class Http1Timings
{
    private static readonly double s_microsecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>
    /// The result of an exchange that ended now with <c>code</c>, from the Stopwatch timestamps of its start, the
    /// connection ready, the request written, the first and the last response byte (0 for those not reached), and
    /// <c>sending</c> / <c>receiving</c>: whether it got as far as writing the request / waiting for the response.
    /// </summary>
    /// <remarks>A failure charges the phase that failed up to now, and the phases after it nothing.</remarks>
    public static TransportResult Result(
        long start, long connected, long sent, long firstByte, long end, bool sending, bool receiving,
        long bytesOut, long bytesIn, int code, int status)
    {
        if (code != NetCodes.Ok)
        {
            long now = Stopwatch.GetTimestamp();
            status = 0;
            end = now;
            if (!sending)
                connected = now;
            if (!receiving)
                sent = now;
            if (firstByte == 0)
                firstByte = now;
        }

        return new TransportResult(
            Microseconds(connected - start),
            Microseconds(sent - connected),
            Microseconds(firstByte - sent),
            Microseconds(end - firstByte),
            bytesOut,
            bytesIn,
            code,
            status);
    }

    /// <summary><paramref name="ticks"/> of <see cref="Stopwatch"/> in microseconds.</summary>
    public static long Microseconds(long ticks) => (long)(ticks * s_microsecondsPerTick);
}
