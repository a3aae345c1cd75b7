using System.Text;
using Barrage.Formats.Phout;

namespace Barrage.Formats.Tests.Phout;

public sealed class PhoutWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static PhoutRecord Expected(long i, string tag = "t")
    {
        var s = Samples.Numbered(i, tag);
        var r = s.Result;
        return new PhoutRecord(s.StartUnixMicros / 1000, tag, s.TotalUs, r.ConnectUs, r.SendUs, r.LatencyUs, r.ReceiveUs,
            r.ConnectUs + r.SendUs + r.LatencyUs + r.ReceiveUs, r.BytesOut, r.BytesIn, r.NetCode, r.StatusCode);
    }

    [Fact]
    public async Task Write_200kSamples_ReadBackExactly()
    {
        string path = _temp.File("phout.log");
        const int count = 200_000;

        var writer = PhoutWriter.Create(path);
        for (int i = 0; i < count; i++)
            writer.Record(Samples.Numbered(i));
        var result = await writer.CompleteAsync();

        Assert.Equal(new PhoutWriteResult(count, 0, null), result);
        int n = 0;
        foreach (var record in PhoutReader.Read(path))
        {
            if (record != Expected(n)) // Assert.Equal 200k times is the slow part of this test
                Assert.Equal(Expected(n), record);
            n++;
        }
        Assert.Equal(count, n);
    }

    [Fact]
    public async Task Write_GoldenFile()
    {
        string path = _temp.File("phout.log");

        await using (var writer = PhoutWriter.Create(path))
        {
            writer.Record(Samples.Make());
            writer.Record(Samples.Make(tag: "", startUnixMicros: 1_700_000_001_000_000, netCode: 111, statusCode: 0,
                connectUs: 0, sendUs: 0, latencyUs: 0, receiveUs: 0, totalUs: 7, bytesOut: 0, bytesIn: 0));
        }

        Assert.Equal(
            "1700000000.123\ttag\t1000\t11\t22\t333\t444\t810\t55\t666\t0\t200\n" +
            "1700000001.000\t\t7\t0\t0\t0\t0\t0\t0\t0\t111\t0\n",
            await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Record_GroupSample_IsNotARequest_AndGetsNoLine()
    {
        string path = _temp.File("phout.log");

        var writer = PhoutWriter.Create(path);
        writer.Record(Samples.Make());
        writer.Record(Samples.Make(tag: "checkout") with { IsGroup = true });
        var result = await writer.CompleteAsync();

        Assert.Equal(new PhoutWriteResult(1, 0, null), result);
        Assert.Equal(["tag"], PhoutReader.Read(path).Select(r => r.Tag));
    }

    [Fact]
    public async Task Record_FromManyThreads_EveryLinePresentAndWhole()
    {
        string path = _temp.File("phout.log");
        const int threads = 4, perThread = 25_000;
        var writer = PhoutWriter.Create(path);
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < perThread; i++)
                writer.Record(Samples.Numbered(i, tag: $"thread-{t}"));
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var result = await writer.CompleteAsync();

        Assert.Equal(new PhoutWriteResult(threads * perThread, 0, null), result);
        var expected = Enumerable.Range(0, threads)
            .SelectMany(t => Enumerable.Range(0, perThread).Select(i => Expected(i, $"thread-{t}")))
            .ToHashSet();
        var lines = PhoutReader.Read(path).ToList(); // a torn line would not parse
        Assert.Equal(threads * perThread, lines.Count);
        Assert.True(expected.SetEquals(lines), "every sample's line, each once");
    }

    [Fact]
    public async Task DisposeAsync_DrainsQueuedSamplesToDisk()
    {
        string path = _temp.File("phout.log");

        await using (var writer = PhoutWriter.Create(path))
        {
            for (int i = 0; i < 10_000; i++)
                writer.Record(Samples.Numbered(i));
        }

        Assert.Equal(10_000, File.ReadLines(path).Count());
        Assert.Equal(Expected(9_999), PhoutReader.Read(path).Last());
    }

    [Fact]
    public async Task CompleteAsync_TwiceAndThenDispose_SameResult()
    {
        var writer = PhoutWriter.Create(_temp.File("phout.log"));
        writer.Record(Samples.Make());

        var first = await writer.CompleteAsync();
        var second = await writer.CompleteAsync();
        await writer.DisposeAsync();

        Assert.Equal(new PhoutWriteResult(1, 0, null), first);
        Assert.Equal(first, second);
        Assert.Equal(first, writer.Result);
    }

    [Fact]
    public async Task Result_BeforeCompletion_Throws()
    {
        var writer = PhoutWriter.Create(_temp.File("phout.log"));

        Assert.Throws<InvalidOperationException>(() => writer.Result);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task Record_AfterCompletion_CountedLost()
    {
        var writer = PhoutWriter.Create(_temp.File("phout.log"));
        writer.Record(Samples.Make());
        await writer.CompleteAsync();

        writer.Record(Samples.Make());
        writer.Record(Samples.Make());

        Assert.Equal(1, writer.Result.LinesWritten);
        Assert.Equal(2, writer.Result.LinesLost);
        Assert.Contains("after the phout writer was completed", writer.Result.Error);
    }

    [Fact]
    public async Task Record_DefaultSample_WrittenWithEmptyTag()
    {
        string path = _temp.File("phout.log");

        await using (var writer = PhoutWriter.Create(path))
        {
            writer.Record(default);
            writer.Record(Samples.Numbered(1));
        }

        Assert.Equal("0.000\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n", File.ReadLines(path).First() + "\n");
        Assert.Equal(Expected(1), PhoutReader.Read(path).Last());
    }

    [Fact]
    public void Create_BadBacklog_ThrowsBeforeCreatingTheFile()
    {
        string path = _temp.File("phout.log");

        Assert.Throws<ArgumentOutOfRangeException>(() => PhoutWriter.Create(path, maxBacklog: 0));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Write_HugeTag_LongerThanAChunk()
    {
        string path = _temp.File("phout.log");
        string tag = new('x', PhoutWriter.ChunkSize + 100);

        await using (var writer = PhoutWriter.Create(path))
        {
            writer.Record(Samples.Numbered(1));
            writer.Record(Samples.Numbered(2, tag));
            writer.Record(Samples.Numbered(3));
        }

        Assert.Equal([Expected(1), Expected(2, tag), Expected(3)], PhoutReader.Read(path).ToList());
    }

    [Fact]
    public async Task Write_ToDevFull_LinesLostWithEnospc()
    {
        if (!File.Exists("/dev/full"))
            return; // Linux only: writing there fails with ENOSPC for real

        var writer = PhoutWriter.Create("/dev/full");
        for (int i = 0; i < 5_000; i++)
            writer.Record(Samples.Numbered(i));
        var result = await writer.CompleteAsync();

        Assert.Equal(0, result.LinesWritten);
        Assert.Equal(5_000, result.LinesLost);
        Assert.Contains("No space left on device", result.Error);
    }

    [Fact]
    public async Task Write_ToDevNull_NoError()
    {
        if (!File.Exists("/dev/null"))
            return;

        var writer = PhoutWriter.Create("/dev/null");
        for (int i = 0; i < 1_000; i++)
            writer.Record(Samples.Numbered(i));

        Assert.Equal(new PhoutWriteResult(1_000, 0, null), await writer.CompleteAsync());
    }

    [Fact]
    public async Task Write_DiskFillsMidLine_CompleteLinesKeptTornLineCut()
    {
        int sevenLines = Enumerable.Range(0, 7).Sum(i => FormatBytes(Samples.Numbered(i)).Length);
        var disk = new FullDiskStream(capacity: sevenLines + FormatBytes(Samples.Numbered(7)).Length / 2);

        var writer = new PhoutWriter(disk);
        for (int i = 0; i < 10; i++)
            writer.Record(Samples.Numbered(i));
        var result = await writer.CompleteAsync();

        Assert.Equal(new PhoutWriteResult(7, 3, FullDiskStream.NoSpace), result);
        var kept = PhoutReader.Read(new StringReader(Encoding.UTF8.GetString(disk.ToArray()))).ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => Expected(i)), kept);
    }

    [Fact]
    public async Task Write_FailsMidTest_LaterSamplesCountedNotThrown()
    {
        var disk = new FullDiskStream(capacity: 0);
        var writer = new PhoutWriter(disk);
        for (int i = 0; i < 100; i++)
            writer.Record(Samples.Numbered(i));

        await disk.Failed.Task; // the writer has hit the full disk while the test goes on
        for (int i = 0; i < 1_000; i++)
            writer.Record(Samples.Numbered(i));
        var result = await writer.CompleteAsync();

        Assert.Equal(new PhoutWriteResult(0, 1_100, FullDiskStream.NoSpace), result);
        Assert.Empty(disk.ToArray());
    }

    [Fact]
    public async Task Record_DiskStalledBeyondBacklog_ExcessCountedLostNeverBlocks()
    {
        var disk = new GatedStream();
        var writer = new PhoutWriter(disk, maxBacklog: 10);
        writer.Record(Samples.Numbered(0));
        await disk.WriteStarted.Task; // the writer holds sample 0 and is stuck on the disk

        for (int i = 1; i <= 15; i++)
            writer.Record(Samples.Numbered(i)); // 10 fit in the backlog, 5 do not
        disk.Gate.SetResult();
        var result = await writer.CompleteAsync();

        Assert.Equal(11, result.LinesWritten);
        Assert.Equal(5, result.LinesLost);
        Assert.Contains("more than 10 samples were waiting", result.Error);
        var kept = PhoutReader.Read(new StringReader(Encoding.UTF8.GetString(disk.ToArray()))).ToList();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => Expected(i)), kept);
    }

    private static byte[] FormatBytes(Barrage.Engine.Sample sample)
    {
        var buffer = new byte[PhoutLineFormatter.MaxLength(sample.Tag)];
        return buffer[..PhoutLineFormatter.Format(sample, buffer)];
    }
}
