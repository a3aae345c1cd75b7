using System.Threading.Channels;

namespace Barrage.Web.Live;

/// <summary>
/// One browser's feed: a small bounded channel that drops its oldest frame when full, so a client that reads slowly
/// (or never) costs the run nothing but the frames it misses; the page fetches missing frames by number.
/// </summary>
internal sealed class LiveSubscription : IDisposable
{
    /// <summary>Frames a client may fall behind before the oldest are dropped.</summary>
    public const int Capacity = 4;

    private readonly Action<LiveSubscription> _remove;

    public LiveSubscription(Action<LiveSubscription> remove) => _remove = remove;

    public Channel<LiveMessage> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<LiveMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false });

    /// <summary>Messages dropped because the client was behind (counted for tests and diagnostics).</summary>
    public int Dropped => _dropped;

    private int _dropped;

    /// <summary>Queues a message; never waits.</summary>
    public void Offer(LiveMessage message)
    {
        if (Channel.Reader.Count >= Capacity)
            Interlocked.Increment(ref _dropped);
        Channel.Writer.TryWrite(message);
    }

    public void Dispose() => _remove(this);
}
