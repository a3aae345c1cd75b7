using Barrage.Transport.Http2;

namespace Barrage.Core.Tests.Transport.Http2;

public sealed class GoAwayCloseStreamTests
{
    // A frame: 3 bytes length, type, flags, 4 bytes stream id, payload.
    private static byte[] Frame(byte type, byte[] payload) =>
        [(byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, type, 0, 0, 0, 0, 1, .. payload];

    private static readonly byte[] GoAway = Frame(0x7, [0, 0, 0, 199, 0, 0, 0, 0]);

    [Fact]
    public async Task ReadAsync_AfterAGoAway_HoldsTheEndBackUntilDisposed()
    {
        // the GOAWAY's header split across reads, after a SETTINGS frame
        var bytes = Frame(0x4, new byte[6]).Concat(GoAway).ToArray();
        var stream = new GoAwayCloseStream(new MemoryStream(bytes));
        var buffer = new byte[bytes.Length];

        Assert.Equal(20, await stream.ReadAsync(buffer.AsMemory(0, 20)));
        Assert.False(stream.GoAwaySeen);
        Assert.Equal(bytes.Length - 20, await stream.ReadAsync(buffer.AsMemory(20)));
        Assert.True(stream.GoAwaySeen);
        Assert.Equal(bytes, buffer);
        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty)); // the handler's zero-byte reads are not held
        var end = stream.ReadAsync(buffer).AsTask();
        Assert.False(end.IsCompleted);

        await stream.DisposeAsync();

        Assert.Equal(0, await end);
    }

    [Fact]
    public async Task ReadAsync_WithoutAGoAway_EndsAtOnce()
    {
        // a DATA frame whose payload holds GOAWAY's type byte where a header would have it: not a frame
        var bytes = Frame(0x0, [0, 0, 0, 0x7, 0, 0, 0, 0, 0]);
        await using var stream = new GoAwayCloseStream(new MemoryStream(bytes));
        var buffer = new byte[64];

        Assert.Equal(bytes.Length, await stream.ReadAsync(buffer));
        var end = stream.ReadAsync(buffer).AsTask();

        Assert.True(end.IsCompletedSuccessfully);
        Assert.Equal(0, await end);
        Assert.False(stream.GoAwaySeen);
    }

    [Fact]
    public async Task ReadAsync_AfterAGoAway_EndsByItselfAfterTheHold()
    {
        var stream = new GoAwayCloseStream(new MemoryStream(GoAway));
        var buffer = new byte[64];
        Assert.Equal(GoAway.Length, await stream.ReadAsync(buffer));

        // the handler never lets go (a request the server left unanswered): the end still comes, bounded
        Assert.Equal(0, await stream.ReadAsync(buffer).AsTask().WaitAsync(GoAwayCloseStream.Hold * 10));
        Assert.True(stream.GoAwaySeen);
        await stream.DisposeAsync();
    }
}
