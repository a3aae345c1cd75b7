using System.Buffers.Binary;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Encoding;
using HdrHistogram.Utilities;

namespace Barrage.Metrics;

/// <summary>
/// <see cref="TrackedHistogram"/> against HdrHistogram's own <see cref="LongHistogram"/> holding the same values, and
/// <see cref="HistogramCodec"/> against HdrHistogram's encoder and decoder: the same counts, the same bytes.
/// </summary>
public sealed class TrackedHistogramTests
{
    /// <summary>Values as a run records them: most near a typical latency, some far out, a few at the ends of the range.</summary>
    private static List<(long Value, long Count)> Values(int seed, int n)
    {
        var random = new Random(seed);
        var values = new List<(long, long)>();
        for (var i = 0; i < n; i++)
        {
            var value = random.Next(10) switch
            {
                0 => random.NextInt64(1, Aggregate.HighestTrackableMicros + 1),
                1 => 1,
                _ => (long)Math.Exp(random.NextDouble() * 8) + 20,
            };
            values.Add((value, random.Next(4) == 0 ? random.Next(1, 1000) : 1));
        }
        return values;
    }

    private static (TrackedHistogram Tracked, LongHistogram Reference) Both(IEnumerable<(long Value, long Count)> values, bool narrow = false)
    {
        var tracked = new TrackedHistogram(narrow);
        var reference = new LongHistogram(Aggregate.NoInstanceId, 1, Aggregate.HighestTrackableMicros, TrackedHistogram.SignificantDigits);
        foreach (var (value, count) in values)
        {
            if (count == 1)
                tracked.RecordValue(value);
            else
                tracked.RecordValueWithCount(value, count);
            reference.RecordValueWithCount(value, count);
        }
        return (tracked, reference);
    }

    /// <summary>What HdrHistogram's <paramref name="encode"/> writes for <paramref name="histogram"/>.</summary>
    private static byte[] HdrEncoded(HistogramBase histogram, Func<ByteBuffer, int> encode)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = encode(buffer);
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = buffer.Get();
        return bytes;
    }

    /// <summary>The uncompressed encoding inside a compressed one: past its cookie and length, zlib.</summary>
    private static byte[] Uncompressed(byte[] encoded)
    {
        using var zlib = new ZLibStream(new MemoryStream(encoded, 8, encoded.Length - 8), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        zlib.CopyTo(plain);
        return plain.ToArray();
    }

    private static List<(long, long)> Counts(HistogramBase h) =>
        [.. h.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo))];

    private static void AssertSame(HistogramBase expected, HistogramBase actual)
    {
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        Assert.Equal(Counts(expected), Counts(actual));
        foreach (var p in new[] { 0.0, 50, 90, 99, 99.9, 100 })
            Assert.Equal(expected.GetValueAtPercentile(p), actual.GetValueAtPercentile(p));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Records_AsHdrHistogramDoes(int seed, bool narrow)
    {
        var (tracked, reference) = Both(Values(seed, 5_000), narrow);

        AssertSame(reference, tracked);
        Assert.Equal(reference.GetMaxValue(), tracked.GetMaxValue());
        Assert.Equal(reference.GetMean(), tracked.GetMean());
    }

    [Fact]
    public void Add_OfTrackedAndOfHdrHistograms_IsExact()
    {
        var (a, aRef) = Both(Values(3, 2_000), narrow: true);
        var (b, bRef) = Both(Values(4, 2_000));
        var total = new TrackedHistogram();
        var reference = new LongHistogram(Aggregate.NoInstanceId, 1, Aggregate.HighestTrackableMicros, 3);

        total.Add(a);
        total.Add(b);
        total.Add(bRef); // not a tracked one: HdrHistogram's own walk over its buckets
        reference.Add(aRef);
        reference.Add(bRef);
        reference.Add(bRef);

        AssertSame(reference, total);
    }

    [Fact]
    public void Reset_Empties_AndTheHistogramRecordsAfresh()
    {
        var (tracked, _) = Both(Values(5, 1_000));

        tracked.Reset();

        Assert.Equal(0, tracked.TotalCount);
        Assert.Equal(-1, tracked.HighestNonZeroIndex);
        Assert.Empty(Counts(tracked));
        for (var i = 0; i < tracked.Length; i++)
            Assert.Equal(0, tracked.CountAt(i));
        tracked.RecordValue(42);
        Assert.Equal([(42L, 1L)], Counts(tracked));
    }

    [Fact]
    public void Copy_IsEqual_AndIndependent()
    {
        var (tracked, reference) = Both(Values(6, 500), narrow: true);

        var copy = tracked.Copy();
        tracked.RecordValue(7);

        AssertSame(reference, copy);
        Assert.Equal(reference.TotalCount + 1, tracked.TotalCount);
    }

    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    public void Encode_WritesHdrHistogramsV2Encoding_ByteForByte(int seed, bool narrow)
    {
        var (tracked, reference) = Both(Values(seed, 3_000), narrow);

        var encoded = HistogramCodec.Encode(tracked);

        // The compressed form: cookie, length of the rest, zlib over the uncompressed encoding.
        Assert.Equal(0x1c849314, BinaryPrimitives.ReadInt32BigEndian(encoded));
        Assert.Equal(encoded.Length - 8, BinaryPrimitives.ReadInt32BigEndian(encoded.AsSpan(4)));
        Assert.Equal(HdrEncoded(reference, buffer => reference.Encode(buffer, HistogramEncoderV2.Instance)), Uncompressed(encoded));
    }

    [Fact]
    public void HdrHistogramDecodes_WhatTheCodecEncodes()
    {
        var (tracked, reference) = Both(Values(9, 3_000));

        var decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(HistogramCodec.Encode(tracked)), 0);

        AssertSame(reference, decoded);
    }

    [Fact]
    public void TheCodecDecodes_WhatHdrHistogramEncodes()
    {
        // Runs stored before this codec existed hold HdrHistogram's own encoding.
        var (_, reference) = Both(Values(10, 3_000));
        var encoded = HdrEncoded(reference, reference.EncodeIntoCompressedByteBuffer);
        var target = new TrackedHistogram();

        HistogramCodec.AddTo(encoded, target);
        HistogramCodec.AddTo(encoded, target);

        var twice = new LongHistogram(Aggregate.NoInstanceId, 1, Aggregate.HighestTrackableMicros, 3);
        twice.Add(reference);
        twice.Add(reference);
        AssertSame(twice, target);
    }

    [Fact]
    public void RoundTrip_KeepsHugeCounts_AndEmptyHistograms()
    {
        // Counts past 2^56 take the ninth byte of the encoding, whole.
        var tracked = new TrackedHistogram();
        tracked.RecordValueWithCount(1, 1L << 60);
        tracked.RecordValueWithCount(Aggregate.HighestTrackableMicros, (1L << 57) + 3);
        tracked.RecordValueWithCount(500, 127);
        tracked.RecordValueWithCount(501, 128);
        var target = new TrackedHistogram();
        var empty = new TrackedHistogram(narrow: true);

        HistogramCodec.AddTo(HistogramCodec.Encode(tracked), target);
        HistogramCodec.AddTo(HistogramCodec.Encode(empty), target);

        AssertSame(tracked, target);
        Assert.Equal(0, HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(HistogramCodec.Encode(empty)), 0).TotalCount);
    }

    [Fact]
    public void AddTo_ACorruptPayload_Throws_AndLeavesTheTargetAsItWas()
    {
        var (tracked, _) = Both(Values(11, 200));
        var encoded = HistogramCodec.Encode(tracked);
        // Cut the payload short: rewrite it with its last bytes missing, and its length still claiming them.
        var cut = Uncompressed(encoded)[..^5];
        using var recompressed = new MemoryStream();
        recompressed.Write(encoded.AsSpan(0, 8));
        using (var z = new ZLibStream(recompressed, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(cut);
        var corrupt = recompressed.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(corrupt.AsSpan(4), corrupt.Length - 8);
        var target = new TrackedHistogram();
        target.RecordValue(1234);

        Assert.ThrowsAny<ArgumentException>(() => HistogramCodec.AddTo(corrupt, target));

        Assert.Equal([(1234L, 1L)], Counts(target));
        Assert.ThrowsAny<Exception>(() => HistogramCodec.AddTo([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], target));
    }
}
