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
/// <para>Timers (<see cref="ILaneTimer"/>, the open model's pacer) run on the loop between its I/O events: the
/// loop sleeps in <c>epoll_pwait2</c> (nanosecond timeout; the thread's timer slack is 1 ns) until the earliest
/// one is due, so an arrival starts on the thread that sends its request, with no eventfd hop.</para>
/// <para>When that timer is due within its resolution (and 1 ms), the loop sleeps on its eventfd alone and reads the
/// responses that came meanwhile at the timer's instant: one wake-up instead of one for the arrivals and one for
/// each burst of responses (measured at 6 400 rps: 1.5 wake-ups per request before). The measured times stay
/// exact: connections on a pacing loop stamp what they receive (SO_TIMESTAMPNS) and the response's times are the
/// kernel's, not the read's. A connection that is connecting or waits to write (EPOLLOUT, no stamp) keeps the loop awake.</para>
/// </remarks>
internal sealed unsafe class EventLoop
{
    /// <summary>Receive buffer per loop: shared by its connections, since one parses at a time and the parser keeps no copy.</summary>
    internal const int BufferSize = 64 * 1024;

    private const int MaxEvents = 256;
    private const ulong WakeData = ulong.MaxValue;
    private const int IdleWakeMs = 100;
    private static readonly long IdleWake = Stopwatch.Frequency * IdleWakeMs / 1000;
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;
    private static bool s_pwait2 = true; // false once the kernel or libc turned out not to have epoll_pwait2
    private static readonly long ScanInterval = Stopwatch.Frequency / 100; // 10 ms: timeouts fire at most this late

    // The longest a response waits in its socket for a timer, whatever the timer's resolution: it holds its connection
    // (and the open model's slot) meanwhile. Measured at --resolution 10ms, 64 slots and 6 400 rps, letting responses
    // wait the full 10 ms exhausted the slots: dispatch lag p50 went from 5 ms to 450 ms.
    private static readonly long MaxIoWait = Stopwatch.Frequency / 1000;

    private readonly int _epoll;
    private readonly int _wakeEpoll; // the eventfd alone: what the loop waits on while it lets I/O wait for a timer
    private readonly int _wakeFd;
    private readonly byte* _events;
    private readonly ConcurrentQueue<LoopWork> _work = new();
    private readonly List<LoopTransport?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Thread _thread;
    private readonly Lock _timersLock = new();
    private volatile ILaneTimer[] _timers = [];
    private int _wakePending;
    private int _busy; // transports with a request in flight: while there are any, the loop wakes to scan for timeouts
    private int _writers; // transports waiting for EPOLLOUT (connecting, or a send that would block): I/O cannot wait
    private long _realtimeMinusTimestampNs; // CLOCK_REALTIME − Stopwatch, in ns, as of the last wake-up
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
        _wakeEpoll = LinuxNative.EpollCreate1(LinuxNative.EpollCloexec);
        if (_wakeEpoll < 0 || LinuxNative.EpollControl(_wakeEpoll, LinuxNative.EpollCtlAdd, _wakeFd, LinuxNative.EpollIn, WakeData) != 0)
            throw new InvalidOperationException($"epoll_create1 failed (errno {LinuxNative.Errno}).");
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
        Wake();
    }

    /// <summary>Wakes the loop from its wait: it then drains posted work and looks at its timers. Any thread.</summary>
    public void Wake()
    {
        // One eventfd write per wake-up, however many posts arrive before the loop drains the queue.
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            ulong one = 1;
            LinuxNative.Write(_wakeFd, (byte*)&one, sizeof(ulong));
        }
    }

    /// <summary>Runs <paramref name="timer"/> on this loop until its <see cref="ILaneTimer.OnDue"/> returns false. Any thread.</summary>
    public void AddTimer(ILaneTimer timer)
    {
        lock (_timersLock)
            _timers = [.. _timers, timer];
        Wake();
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

    /// <summary>
    /// True while timers run on the loop (the open model paces on it): its connections then stamp what they receive,
    /// since responses may wait for a timer before they are read. Elsewhere a plain recv is cheaper (measured −4–8% of
    /// requests per CPU-second at full speed with stamps).
    /// </summary>
    public bool Paces => _timers.Length > 0;

    /// <summary>A transport started (+1) or stopped (−1) waiting for EPOLLOUT. Loop thread only.</summary>
    public void WritersChanged(int change) => _writers += change;

    /// <summary>A kernel receive stamp (CLOCK_REALTIME ns) as a <see cref="Stopwatch"/> timestamp. Loop thread only.</summary>
    public long TimestampFromRealtime(long realtimeNs) =>
        (long)((realtimeNs - _realtimeMinusTimestampNs) / NanosPerTick);

    private void Run()
    {
        // Timers wake the loop at their instant: without this, Linux adds 50 µs of slack to every timed wait.
        LinuxNative.Prctl(LinuxNative.PrSetTimerSlack, 1, 0, 0, 0);
        while (true)
        {
            int count = Wait();
            // Read at each wake-up of a pacing loop: the two clocks drift apart only as NTP slews the real-time one (ppm).
            if (Paces)
                _realtimeMinusTimestampNs = LinuxNative.RealtimeNs() - (long)(Stopwatch.GetTimestamp() * NanosPerTick);
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

            if (_timers.Length > 0)
                RunTimers();

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

    /// <summary>Waits for events until the next timeout scan or timer (never asleep for good: a missed wake-up would still be seen within IdleWakeMs).</summary>
    private int Wait()
    {
        long now = Stopwatch.GetTimestamp();
        long wake = now + IdleWake;
        if (_busy > 0 && _nextScan < wake)
            wake = _nextScan;
        ILaneTimer[] timers = _timers;
        ILaneTimer? first = null;
        foreach (ILaneTimer timer in timers)
        {
            long due = timer.DueTimestamp;
            if (due < wake)
            {
                wake = due;
                first = timer;
            }
        }

        long wait = wake - now;
        if (wait <= 0)
            return LinuxNative.EpollWait(_epoll, _events, MaxEvents, 0);
        if (timers.Length > 0 && s_pwait2)
        {
            long nanos = (long)(wait * NanosPerTick);
            var timeout = new LinuxNative.TimeSpec { Seconds = nanos / 1_000_000_000, Nanoseconds = nanos % 1_000_000_000 };
            // The timer is near: responses wait in their sockets for it (posts still wake the loop at once).
            bool deferIo = first is not null && wait <= Math.Min(first.ResolutionTicks, MaxIoWait) && _writers == 0;
            try
            {
                if (deferIo)
                {
                    int woke = LinuxNative.EpollPwait2(_wakeEpoll, _events, 1, &timeout, null);
                    if (woke >= 0 || LinuxNative.Errno != LinuxNative.ENoSys)
                        return LinuxNative.EpollWait(_epoll, _events, MaxEvents, 0);
                }

                int count = LinuxNative.EpollPwait2(_epoll, _events, MaxEvents, &timeout, null);
                if (count >= 0 || LinuxNative.Errno != LinuxNative.ENoSys)
                    return count;
            }
            catch (EntryPointNotFoundException)
            {
            }

            s_pwait2 = false; // an older kernel or libc: millisecond waits, rounded up, so never early
        }

        return LinuxNative.EpollWait(_epoll, _events, MaxEvents, (int)((wait * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency));
    }

    /// <summary>Runs the timers that are due; drops those that are done.</summary>
    private void RunTimers()
    {
        long now = Stopwatch.GetTimestamp();
        foreach (ILaneTimer timer in _timers)
        {
            if (timer.DueTimestamp > now)
                continue;
            bool keep;
            try
            {
                keep = timer.OnDue(now);
            }
#pragma warning disable CA1031 // A timer reports its own failures; the loop and its other connections must survive one that does not.
            catch (Exception)
#pragma warning restore CA1031
            {
                keep = false;
            }

            if (!keep)
            {
                lock (_timersLock)
                    _timers = [.. _timers.Where(t => t != timer)];
            }
        }
    }
}
