using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Barrage.Transport.Loop;

/// <summary>
/// One thread that owns many connections, as wrk's loops do: it waits on epoll (level-triggered), and for a
/// readable connection makes one <c>recv</c> into the loop's buffer and hands it to that connection's parser;
/// the request's awaiter then continues on this thread, so the runner's next request is written at once,
/// without a thread hop and without any epoll_ctl per request.
/// </summary>
/// <remarks>
/// Other threads reach a loop through <see cref="Post"/> (a queue and an eventfd). Timeouts are found by
/// scanning the loop's busy transports every <see cref="ScanInterval"/>: one comparison per connection,
/// where a timer per request would cost two timer-queue operations per request.
/// </remarks>
internal sealed unsafe class EventLoop
{
    /// <summary>Receive buffer per loop: shared by its connections, since one parses at a time and the parser keeps no copy.</summary>
    internal const int BufferSize = 64 * 1024;

    private const int MaxEvents = 256;
    private const ulong WakeData = ulong.MaxValue;
    private const int IdleWakeMs = 100;
    private static readonly long ScanInterval = Stopwatch.Frequency / 100; // 10 ms: timeouts fire at most this late

    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly byte* _events;
    private readonly ConcurrentQueue<LoopWork> _work = new();
    private readonly List<LoopTransport?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Thread _thread;
    private int _wakePending;
    private int _busy; // transports with a request in flight: while there are any, the loop wakes to scan for timeouts
    private long _nextScan;

    /// <param name="name">The thread's name.</param>
    /// <exception cref="InvalidOperationException">epoll or eventfd could not be created.</exception>
    public EventLoop(string name)
    {
        _epoll = LinuxNative.EpollCreate1(LinuxNative.EpollCloexec);
        if (_epoll < 0)
            throw new InvalidOperationException($"epoll_create1 failed (errno {LinuxNative.Errno}).");
        _wakeFd = LinuxNative.EventFd(0, LinuxNative.EfdNonBlock | LinuxNative.EfdCloexec);
        if (_wakeFd < 0 || LinuxNative.EpollControl(_epoll, LinuxNative.EpollCtlAdd, _wakeFd, LinuxNative.EpollIn, WakeData) != 0)
            throw new InvalidOperationException($"eventfd failed (errno {LinuxNative.Errno}).");
        _events = (byte*)NativeMemory.Alloc(MaxEvents, (nuint)LinuxNative.EpollEventSize);
        Buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        // Without the creator's execution context: continuations run inline here, and under a context of their
        // own each would be captured and restored around every await (both showed in the profile of every request).
        _thread.UnsafeStart();
    }

    /// <summary>The receive buffer; only the loop's thread touches it, and only while it handles one event.</summary>
    public byte[] Buffer { get; }

    public int Epoll => _epoll;

    /// <summary>True on the loop's own thread: work for this loop can run inline.</summary>
    public bool IsCurrent => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>Queues work for the loop's thread and wakes it. Any thread.</summary>
    public void Post(in LoopWork work)
    {
        _work.Enqueue(work);
        // One eventfd write per wake-up, however many posts arrive before the loop drains the queue.
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            ulong one = 1;
            LinuxNative.Write(_wakeFd, (byte*)&one, sizeof(ulong));
        }
    }

    /// <summary>Gives <paramref name="transport"/> a slot: its epoll registrations carry the slot. Loop thread only.</summary>
    public int Attach(LoopTransport transport)
    {
        if (_freeSlots.TryPop(out int slot))
        {
            _slots[slot] = transport;
            return slot;
        }

        _slots.Add(transport);
        return _slots.Count - 1;
    }

    /// <summary>Frees a slot. Loop thread only.</summary>
    public void Detach(int slot)
    {
        _slots[slot] = null;
        _freeSlots.Push(slot);
    }

    /// <summary>A request started on one of the loop's transports. Loop thread only.</summary>
    public void RequestStarted()
    {
        if (_busy++ == 0)
            _nextScan = Stopwatch.GetTimestamp() + ScanInterval;
    }

    /// <summary>A request ended. Loop thread only.</summary>
    public void RequestEnded() => _busy--;

    private void Run()
    {
        while (true)
        {
            // Never asleep for good: if a post's wake-up were ever missed, its work would still run within IdleWakeMs.
            int timeout = IdleWakeMs;
            if (_busy > 0)
            {
                long wait = _nextScan - Stopwatch.GetTimestamp();
                timeout = wait <= 0 ? 0 : (int)(wait * 1000 / Stopwatch.Frequency) + 1;
            }

            int count = LinuxNative.EpollWait(_epoll, _events, MaxEvents, timeout);
            if (count < 0)
            {
                // EINTR (a signal, a debugger); anything else would be a bug in the arguments.
                if (LinuxNative.Errno != LinuxNative.EIntr)
                    Environment.FailFast($"epoll_wait failed (errno {LinuxNative.Errno}).");
                continue;
            }

            for (int i = 0; i < count; i++)
            {
                byte* ev = _events + (i * LinuxNative.EpollEventSize);
                uint events = *(uint*)ev;
                ulong data = *(ulong*)(ev + LinuxNative.EpollDataOffset);
                if (data == WakeData)
                {
                    ulong drained;
                    // The eventfd first, then the flag, then (below) the queue. Clearing the flag before the read
                    // would let a post's write land in between and be consumed by this read; the next post would then
                    // see the flag still set, write nothing, and the loop would sleep on queued work until IdleWakeMs
                    // (a 100 ms stall, seen as service time p99 ≈ 100 ms at 10 000 rps). After the read, a post that
                    // still sees 1 enqueued before the exchange and is drained below; one that sees 0 writes again.
                    // A full fence: a plain store could pass the queue reads below (x86 lets loads overtake stores).
                    LinuxNative.Read(_wakeFd, (byte*)&drained, sizeof(ulong));
                    Interlocked.Exchange(ref _wakePending, 0);
                    continue;
                }

                int slot = (int)(uint)data;
                if (slot < _slots.Count && _slots[slot] is { } transport)
                    transport.OnReady(events, (uint)(data >> 32));
            }

            while (_work.TryDequeue(out LoopWork work))
                work.Transport.OnWork(work.Op, work.Request);

            if (_busy > 0)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= _nextScan)
                {
                    _nextScan = now + ScanInterval;
                    // By index: a transport that times out may complete its caller inline, which may attach
                    // or detach other transports; slots only grow, and a detached one reads null.
                    for (int i = 0; i < _slots.Count; i++)
                        _slots[i]?.CheckDeadline(now);
                }
            }
        }
    }
}
