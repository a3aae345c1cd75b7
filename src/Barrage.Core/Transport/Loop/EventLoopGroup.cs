namespace Barrage.Transport.Loop;

/// <summary>
/// A fixed set of event loops shared by every factory that asks for the same count: loop threads live as long
/// as the process (like the runtime's own socket engine threads), so factories and tests do not leak them.
/// </summary>
internal sealed class EventLoopGroup
{
    private static readonly Dictionary<int, EventLoopGroup> s_groups = [];
    private static readonly Lock s_lock = new();

    private readonly EventLoop[] _loops;
    private int _next;

    private EventLoopGroup(int count)
    {
        _loops = new EventLoop[count];
        for (int i = 0; i < count; i++)
            _loops[i] = new EventLoop($"barrage-loop-{count}.{i}");
    }

    public int Count => _loops.Length;

    /// <summary>The group of <paramref name="count"/> loops, started on first use.</summary>
    public static EventLoopGroup Get(int count)
    {
        lock (s_lock)
        {
            if (!s_groups.TryGetValue(count, out EventLoopGroup? group))
            {
                group = new EventLoopGroup(count);
                s_groups.Add(count, group);
            }

            return group;
        }
    }

    /// <summary>Loop <paramref name="index"/>, from 0 to <see cref="Count"/> − 1.</summary>
    public EventLoop this[int index] => _loops[index];

    /// <summary>The next loop, round robin: users are spread evenly over the loops.</summary>
    public EventLoop Next() => _loops[(uint)Interlocked.Increment(ref _next) % (uint)_loops.Length];
}
