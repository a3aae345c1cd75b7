using System.Diagnostics;
using Barrage.Core.Tests.Transport.Http1;
using Barrage.Transport;
using Barrage.Transport.Loop;

namespace Barrage.Core.Tests.Transport.Loop;

/// <summary>
/// The event-loop transport: every behaviour test of <see cref="Http1TransportTests"/> (inherited), and what is
/// particular to a loop that drives many connections on one thread.
/// </summary>
public class LoopTransportTests : Http1TransportTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    protected override ITransport Create(TransportOptions? options = null, TimeSpan? idleCheckAfter = null) =>
        new LoopTransportFactory(options ?? Options).Create(idleCheckAfter);

    protected override ITransportFactory CreateFactory(TransportOptions options) => new LoopTransportFactory(options);

    [Fact]
    public async Task SendAsync_Completes_OnTheLoopThreadWithTheContinuationInline()
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok));
        await using ITransport transport = Create();

        // On the thread pool, where no synchronization context would take the continuation elsewhere.
        var (second, firstThread, secondThread) = await Task.Run(async () =>
        {
            // A request posted from another thread may complete before its awaiter is registered (a descheduled
            // caller): then the caller just goes on where it was. So: a few tries to get onto the loop.
            string? first = null;
            for (int i = 0; i < 20 && first?.StartsWith("barrage-loop-", StringComparison.Ordinal) != true; i++)
            {
                await transport.SendAsync(Get(server.Url()), CancellationToken.None);
                first = Thread.CurrentThread.Name;
            }

            // Now on the loop: the next request starts inline, so it cannot complete before it is awaited.
            TransportResult result = await transport.SendAsync(Get(server.Url()), CancellationToken.None);
            return (result, first, Thread.CurrentThread.Name);
        });

        Assert.Equal((NetCodes.Ok, 200, 0L), (second.NetCode, second.StatusCode, second.ConnectUs));
        Assert.StartsWith("barrage-loop-", firstThread);
        Assert.Equal(firstThread, secondThread);
    }

    [Fact]
    public async Task SendAsync_ManyConnectionsOnOneLoop_AllCompleteEachOnItsOwnConnection()
    {
        const int users = 100, requestsEach = 20;
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), backlog: users);
        var factory = new LoopTransportFactory(Options, loops: 1);
        var request = Get(server.Url("/many"));

        int[] okCounts = await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            await using ITransport transport = factory.Create();
            int ok = 0;
            for (int i = 0; i < requestsEach; i++)
                ok += await transport.SendAsync(request, CancellationToken.None) is { NetCode: NetCodes.Ok, StatusCode: 200 } ? 1 : 0;
            return ok;
        }));

        Assert.Equal(1, factory.Loops);
        Assert.All(okCounts, count => Assert.Equal(requestsEach, count));
        Assert.Equal(users, server.AcceptedConnections);
        Assert.Equal(users * requestsEach, server.Requests.Count);
    }

    /// <summary>
    /// On a loop that paces (a timer runs on it), a response that the loop reads late (here: the loop's thread is held
    /// by another request's continuation; in a run, the loop lets responses wait for its pacer's next instant) is timed
    /// by when its bytes arrived, from the kernel's receive stamp, and says how long it waited to be read.
    /// </summary>
    [Fact]
    public async Task SendAsync_ResponseReadLate_IsTimedByItsArrival_AndReportsTheWait()
    {
        await using var quick = new ScriptedServer(ScriptedServer.AnswerEach(Ok));
        await using var slow = new ScriptedServer(async c =>
        {
            while (await c.ReadRequestAsync() is not null)
            {
                await Task.Delay(20);
                await c.SendAsync(Ok);
            }
        });
        var factory = new LoopTransportFactory(Options, loops: 1);
        using var pacing = new IdleTimer(factory);
        await using ITransport first = factory.Create(), second = factory.Create();
        // Connected first: the requests below go out on open connections.
        await first.SendAsync(Get(quick.Url()), CancellationToken.None);
        await second.SendAsync(Get(slow.Url()), CancellationToken.None);

        // The slow request goes out first (the loop takes posted requests in order), then the quick one, whose
        // continuation runs inline on the loop's thread (when registered in time) and holds it for 120 ms: the slow
        // server's response comes in after 20 ms and waits there.
        ValueTask<TransportResult> slowRequest = second.SendAsync(Get(slow.Url()), CancellationToken.None);
        bool heldTheLoop = false;
        long holdEnd = long.MaxValue;
        Task held = first.SendAsync(Get(quick.Url()), CancellationToken.None).AsTask().ContinueWith(_ =>
        {
            heldTheLoop = Thread.CurrentThread.Name?.StartsWith("barrage-loop-", StringComparison.Ordinal) == true;
            if (heldTheLoop)
            {
                Thread.Sleep(120);
                holdEnd = Stopwatch.GetTimestamp();
            }
        }, TaskContinuationOptions.ExecuteSynchronously);
        TransportResult late = await slowRequest;
        long lateDone = Stopwatch.GetTimestamp();
        await held;

        Assert.Equal((NetCodes.Ok, 200), (late.NetCode, late.StatusCode));
        Assert.InRange(late.LatencyUs, 15_000, 90_000); // the server's 20 ms, whenever the loop got to read it
        if (heldTheLoop && lateDone >= holdEnd)
            Assert.InRange(late.ReadDelayUs, 50_000, 500_000); // read after the hold: it waited (about 100 ms)
        else
            Assert.InRange(late.ReadDelayUs, 0, 90_000);
    }

    /// <summary>A timer that is never due, so that the loop counts as pacing while it runs; disposing it ends it.</summary>
    private sealed class IdleTimer : ILaneTimer, IDisposable
    {
        private readonly ILaneTransportFactory _lanes;
        private volatile bool _done;

        public IdleTimer(ILaneTransportFactory lanes)
        {
            _lanes = lanes;
            lanes.Start(0, this);
        }

        public long DueTimestamp => _done ? 0 : long.MaxValue;

        public long ResolutionTicks => 0;

        public bool OnDue(long now) => !_done;

        public void Dispose()
        {
            _done = true;
            _lanes.Wake(0);
        }
    }

    [Fact]
    public async Task SendAsync_OneConnectionStalls_OthersOnTheSameLoopCarryOn()
    {
        await using var stalling = new ScriptedServer(async c =>
        {
            await c.ReadRequestAsync();
            await c.WaitForClientToCloseAsync();
        });
        await using var answering = new ScriptedServer(ScriptedServer.AnswerEach(Ok));
        var factory = new LoopTransportFactory(Options with { RequestTimeout = TimeSpan.FromSeconds(30) }, loops: 1);
        ITransport stalled = factory.Create();
        await using ITransport busy = factory.Create();

        ValueTask<TransportResult> pending = stalled.SendAsync(Get(stalling.Url()), CancellationToken.None);
        var results = new List<TransportResult>();
        for (int i = 0; i < 50; i++)
            results.Add(await busy.SendAsync(Get(answering.Url()), CancellationToken.None));
        bool stillPending = !pending.IsCompleted;
        await stalled.DisposeAsync();
        TransportResult cut = await pending;

        Assert.All(results, r => Assert.Equal((NetCodes.Ok, 200), (r.NetCode, r.StatusCode)));
        Assert.True(stillPending);
        Assert.Equal(NetCodes.Cancelled, cut.NetCode);
    }

    [Fact]
    public async Task SendAsync_EndOfARun_CancelsEveryRequestInFlightWithACode()
    {
        const int users = 20;
        int reading = 0;
        var allRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer(async c =>
        {
            await c.ReadRequestAsync();
            if (Interlocked.Increment(ref reading) == users)
                allRead.TrySetResult();
            await c.WaitForClientToCloseAsync();
        }, backlog: users);
        var factory = new LoopTransportFactory(Options with { RequestTimeout = TimeSpan.FromSeconds(30) }, loops: 2);
        ITransport[] transports = [.. Enumerable.Range(0, users).Select(_ => factory.Create())];
        using var hard = new CancellationTokenSource();

        ValueTask<TransportResult>[] pending = [.. transports.Select(t => t.SendAsync(Get(server.Url()), hard.Token))];
        await allRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await hard.CancelAsync();
        var results = new List<TransportResult>();
        foreach (ValueTask<TransportResult> request in pending)
            results.Add(await request.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        foreach (ITransport transport in transports)
            await transport.DisposeAsync();

        Assert.All(results, r => Assert.Equal((NetCodes.Cancelled, 0), (r.NetCode, r.StatusCode)));
    }

    [Fact]
    public async Task SendAsync_HostName_IsResolvedAndEachAddressTriedInTurn()
    {
        // "localhost" may resolve to ::1 first, where nothing listens: the transport goes on to 127.0.0.1.
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok));
        await using ITransport transport = Create();

        TransportResult first = await transport.SendAsync(Get(server.Url(host: "localhost")), CancellationToken.None);
        TransportResult second = await transport.SendAsync(Get(server.Url(host: "localhost")), CancellationToken.None);

        Assert.Equal((NetCodes.Ok, 200), (first.NetCode, first.StatusCode));
        Assert.Equal((NetCodes.Ok, 200, 0L), (second.NetCode, second.StatusCode, second.ConnectUs));
    }

    [Fact]
    public async Task SendAsync_UnknownHost_IsDnsFailure()
    {
        await using ITransport transport = Create();

        TransportResult result = await transport.SendAsync(Get(new Uri("http://barrage-test.invalid/")), CancellationToken.None);

        Assert.Equal((NetCodes.DnsFailure, 0L), (result.NetCode, result.BytesOut));
    }
}
