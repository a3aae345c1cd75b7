using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Barrage.Engine;

namespace Barrage.Formats.Phout;

/// <summary>
/// Formats one <see cref="Sample"/> as one phout line (12 tab-separated columns and '\n'), as UTF-8 bytes,
/// without allocating: the writer formats hundreds of thousands of these a second.
/// </summary>
internal static class PhoutLineFormatter
{
    private static readonly StandardFormat ThreeDigits = new('D', 3);

    // 11 integer columns of at most 20 characters ("-9223372036854775808"), the time column
    // (sign, seconds, '.', 3 digits), 11 tabs and the line end.
    private const int MaxBytesWithoutTag = 11 * 20 + 26 + 11 + 1;

    /// <summary>The most bytes <see cref="Format"/> can write for a sample with this tag.</summary>
    // A null tag (a default Sample, despite `required`) is written empty: a bug elsewhere must not
    // stop the results file.
    public static int MaxLength(string? tag) => MaxBytesWithoutTag + Encoding.UTF8.GetMaxByteCount(tag?.Length ?? 0);

    /// <summary>
    /// Phantom's <c>interval_event</c>: the time spent waiting on I/O. Barrage's transport waits on the
    /// socket in every phase, so it is the sum of the four phases (it differs from <c>interval_real</c>
    /// by the time spent outside the socket: pooling, scheduling, parsing).
    /// </summary>
    public static long IntervalEventUs(in Sample sample) =>
        sample.Result.ConnectUs + sample.Result.SendUs + sample.Result.LatencyUs + sample.Result.ReceiveUs;

    /// <summary>Writes the line into <paramref name="destination"/>, which holds at least <see cref="MaxLength"/> bytes.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Format(in Sample sample, Span<byte> destination)
    {
        int at = WriteTime(sample.StartUnixMicros, destination);
        destination[at++] = (byte)'\t';
        at += WriteTag(sample.Tag, destination[at..]);
        var r = sample.Result;
        at += WriteField(sample.TotalUs, destination[at..]);
        at += WriteField(r.ConnectUs, destination[at..]);
        at += WriteField(r.SendUs, destination[at..]);
        at += WriteField(r.LatencyUs, destination[at..]);
        at += WriteField(r.ReceiveUs, destination[at..]);
        at += WriteField(IntervalEventUs(sample), destination[at..]);
        at += WriteField(r.BytesOut, destination[at..]);
        at += WriteField(r.BytesIn, destination[at..]);
        at += WriteField(r.NetCode, destination[at..]);
        Utf8Formatter.TryFormat(r.StatusCode, destination[at..], out int written);
        at += written;
        destination[at++] = (byte)'\n';
        return at;
    }

    // Seconds with exactly three decimals. Phantom truncates to the millisecond, and so do we
    // (flooring, so a time before the epoch still reads back as the same millisecond).
    private static int WriteTime(long unixMicros, Span<byte> destination)
    {
        long millis = unixMicros >= 0 ? unixMicros / 1000 : -((-unixMicros + 999) / 1000);
        int at = 0;
        if (millis < 0)
        {
            destination[at++] = (byte)'-';
            millis = -millis;
        }
        Utf8Formatter.TryFormat(millis / 1000, destination[at..], out int written);
        at += written;
        destination[at++] = (byte)'.';
        Utf8Formatter.TryFormat(millis % 1000, destination[at..], out written, ThreeDigits);
        return at + written;
    }

    // A tab or line end inside a tag would shift every column after it; UTF-8 never uses these
    // byte values inside a multi-byte character, so replacing bytes is safe.
    private static int WriteTag(string? tag, Span<byte> destination)
    {
        int length = Encoding.UTF8.GetBytes(tag ?? "", destination);
        var bytes = destination[..length];
        int bad;
        while ((bad = bytes.IndexOfAny((byte)'\t', (byte)'\n', (byte)'\r')) >= 0)
        {
            bytes[bad] = (byte)' ';
            bytes = bytes[(bad + 1)..];
        }
        destination[length] = (byte)'\t';
        return length + 1;
    }

    private static int WriteField(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        destination[written] = (byte)'\t';
        return written + 1;
    }
}
