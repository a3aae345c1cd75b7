using HdrHistogram;
using HdrHistogram.Utilities;

namespace Barrage.Reporting.Store;

/// <summary>HdrHistogram's compressed encoding (the one its log files use), as bytes for the store.</summary>
internal static class HistogramCodec
{
    public static byte[] Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        // ByteBuffer keeps its array to itself: read the encoded bytes back from the start.
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = buffer.Get();
        return bytes;
    }

    /// <summary>Decodes <paramref name="bytes"/> and adds the counts to <paramref name="target"/> (exact).</summary>
    public static void AddTo(byte[] bytes, HistogramBase target)
    {
        var decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(bytes), 0);
        target.Add(decoded);
    }
}
