using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace Barrage.Metrics;

/// <summary>
/// HdrHistogram's compressed V2 encoding (the one its log files use), as bytes: what the run store keeps per second
/// and what cluster agents send. Any HdrHistogram implementation decodes it.
/// </summary>
/// <remarks>
/// A <see cref="TrackedHistogram"/> is encoded and decoded here, reading and writing only the stretch of buckets
/// that holds counts; HdrHistogram's own encoder copies the whole counts array twice (188 KB each) and its decoder
/// builds a histogram by reflection and adds its 23 552 buckets one by one. Encodings this code does not read (V0,
/// V1, other ranges) are decoded by HdrHistogram. The format, from HdrHistogram's
/// specification: a big-endian cookie and the length of what follows, then zlib (RFC 1950) over the uncompressed
/// encoding: cookie, payload length, normalizing index offset (0), significant digits, lowest and highest trackable
/// value, the integer-to-double ratio (1.0); then the counts from bucket 0 to the highest non-zero one as ZigZag
/// LEB128 (at most 9 bytes) longs, a run of n > 1 zero counts written as -n.
/// </remarks>
public static class HistogramCodec
{
    private const int V2Cookie = 0x1c849303 | 0x10;
    private const int V2CompressedCookie = 0x1c849304 | 0x10;
    private const int HeaderLength = 40;
    private const int MaxWordLength = 9;

    /// <summary>Encodes <paramref name="histogram"/>, compressed.</summary>
    public static byte[] Encode(TrackedHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var highest = histogram.HighestNonZeroIndex;
        var rented = ArrayPool<byte>.Shared.Rent(HeaderLength + MaxWordLength * (Math.Max(highest, 0) + 2));
        try
        {
            var length = WriteUncompressed(histogram, highest, rented);
            using var output = new MemoryStream(length / 2 + 32);
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteInt32BigEndian(prefix, V2CompressedCookie);
            output.Write(prefix);
            using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
                zlib.Write(rented, 0, length);
            var bytes = output.ToArray();
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), bytes.Length - 8);
            return bytes;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes <paramref name="encoded"/> and adds its counts to <paramref name="target"/> (exact).</summary>
    /// <exception cref="ArgumentException">The bytes are not a compressed HdrHistogram encoding.</exception>
    public static void AddTo(byte[] encoded, TrackedHistogram target)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(target);
        if (encoded.Length > 10 && BinaryPrimitives.ReadInt32BigEndian(encoded) == V2CompressedCookie && TryAddV2(encoded, target))
            return;
        // Skips nothing: HdrHistogram decodes what this code does not (and throws on what is no histogram at all).
        target.Add(HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(encoded), 0));
    }

    private static int WriteUncompressed(TrackedHistogram histogram, int highest, byte[] buffer)
    {
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, V2Cookie);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 0); // normalizing index offset
        BinaryPrimitives.WriteInt32BigEndian(span[12..], histogram.NumberOfSignificantValueDigits);
        BinaryPrimitives.WriteInt64BigEndian(span[16..], histogram.LowestTrackableValue);
        BinaryPrimitives.WriteInt64BigEndian(span[24..], histogram.HighestTrackableValue);
        BinaryPrimitives.WriteDoubleBigEndian(span[32..], 1.0);
        var at = HeaderLength;
        // Buckets 0 .. highest (bucket 0 alone when empty), zero runs longer than one as their negated length.
        var end = Math.Max(highest, 0);
        var i = 0;
        while (i <= end)
        {
            var count = histogram.CountAt(i++);
            if (count == 0)
            {
                long zeros = 1;
                while (i <= end && histogram.CountAt(i) == 0)
                {
                    zeros++;
                    i++;
                }
                if (zeros > 1)
                    count = -zeros;
            }
            at += WriteZigZag(span[at..], count);
        }
        BinaryPrimitives.WriteInt32BigEndian(span[4..], at - HeaderLength);
        return at;
    }

    private static bool TryAddV2(byte[] encoded, TrackedHistogram target)
    {
        var compressedLength = BinaryPrimitives.ReadInt32BigEndian(encoded.AsSpan(4));
        if (compressedLength < 2 || compressedLength > encoded.Length - 8)
            return false;
        byte[] header = new byte[HeaderLength];
        // Past the two bytes of the zlib header: HdrHistogram writes a zlib stream but its trailer may be missing.
        using var deflate = new DeflateStream(new MemoryStream(encoded, 10, compressedLength - 2), CompressionMode.Decompress);
        if (deflate.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength
            || BinaryPrimitives.ReadInt32BigEndian(header) != V2Cookie
            || BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8)) != 0
            || BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12)) != target.NumberOfSignificantValueDigits
            || BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(16)) != target.LowestTrackableValue
            || BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(24)) != target.HighestTrackableValue)
            return false; // another layout of buckets: HdrHistogram adds it value by value
        var payloadLength = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (payloadLength < 0 || payloadLength > MaxWordLength * target.Length)
            throw new ArgumentException("The histogram's payload length is out of range.", nameof(encoded));
        var payload = ArrayPool<byte>.Shared.Rent(payloadLength);
        // Each count takes at least a byte. Decoded in full before any is added: a corrupt payload throws and leaves
        // the target as it was, as HdrHistogram's decoder does.
        var indexes = ArrayPool<int>.Shared.Rent(payloadLength);
        var counts = ArrayPool<long>.Shared.Rent(payloadLength);
        try
        {
            if (deflate.ReadAtLeast(payload, payloadLength, throwOnEndOfStream: false) < payloadLength)
                throw new ArgumentException("The histogram's payload is cut short.", nameof(encoded));
            var span = payload.AsSpan(0, payloadLength);
            var index = 0;
            var found = 0;
            while (!span.IsEmpty && index < target.Length)
            {
                var count = ReadZigZag(ref span);
                if (count < 0)
                {
                    index = (int)Math.Min(index - (double)count, target.Length); // a run of -count zeros
                    continue;
                }
                if (count > 0)
                {
                    indexes[found] = index;
                    counts[found++] = count;
                }
                index++;
            }
            for (var i = 0; i < found; i++)
                target.AddAt(indexes[i], counts[i]);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
            ArrayPool<int>.Shared.Return(indexes);
            ArrayPool<long>.Shared.Return(counts);
        }
    }

    private static int WriteZigZag(Span<byte> into, long value)
    {
        var v = (ulong)((value << 1) ^ (value >> 63));
        var i = 0;
        // LEB128, 7 bits a byte; the ninth byte, when reached, carries the last 8 bits whole.
        while (i < 8 && v >= 0x80)
        {
            into[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        into[i++] = (byte)v;
        return i;
    }

    private static long ReadZigZag(ref Span<byte> from)
    {
        ulong v = 0;
        var i = 0;
        while (true)
        {
            if (i >= from.Length)
                throw new ArgumentException("A histogram count is cut short.");
            var b = from[i];
            if (i == 8)
            {
                v |= (ulong)b << 56;
                i++;
                break;
            }
            v |= (ulong)(b & 0x7f) << (7 * i);
            i++;
            if (b < 0x80)
                break;
        }
        from = from[i..];
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}
