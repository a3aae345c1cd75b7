using Barrage.Core.Tests.Transport.Http1;
using Barrage.Load;
using Barrage.Plans;
using Barrage.Transport;
using Barrage.Transport.Http1;
using Barrage.Transport.Loop;

namespace Barrage.Engine;

/// <summary>
/// The open model on the real clock (its own pacer thread) against a loopback server: counts and invariants
/// only, never how late anything was, so a loaded machine cannot fail them.
/// </summary>
public sealed class OpenModelRunnerRealClockTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static Plan Plan(Uri target, string schedule) => new()
    {
        Name = "t",
        Target = TargetSpec.ForUrl(target),
        Load = new LoadSpec
        {
            Model = LoadModel.Open,
            Schedule = RateSchedule.Parse(schedule),
            LateAfter = TimeSpan.FromSeconds(30),
            GracefulStop = TimeSpan.FromSeconds(30),
        },
        Scenario = new Scenario { Main = [new RequestActivity { Method = "GET", Url = "/a", Tag = "a" }] },
    };

    [Fact]
    public async Task Loopback_EveryPlannedArrivalIsSentAndAnswered_NoneEarly()
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok));
        var sink = new CollectingSink();
        var plan = Plan(server.Url(), "const(200, 1s)");
        var runner = new OpenModelRunner(plan, server.Url(), new Http1TransportFactory(new TransportOptions()), sink);

        var outcome = await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(StopReason.Completed, outcome.Reason);
        var p = runner.Progress;
        Assert.Equal((200L, 200L, 200L, 200L, 0L), (p.PlannedArrivals, p.ArrivalsDue, p.ArrivalsSent, p.ArrivalsCompleted, p.ArrivalsDropped));
        Assert.Equal(200, server.Requests.Count);
        Assert.All(sink.Samples, s => Assert.Equal((NetCodes.Ok, 200), (s.Result.NetCode, s.Result.StatusCode)));
        Assert.Equal(plan.Load.Schedule!.EvenArrivals().Select(t => t.Ticks / 10), sink.Samples.Select(s => s.ScheduledUs).Order());
        // The pacer never starts an arrival before its time (a start before it would be clamped and hide it).
        Assert.All(sink.Samples, s => Assert.True(s.StartUs >= s.ScheduledUs));
    }

    [Fact]
    public async Task RealClock_ArrivalsStartOnThePacerThread_NotThroughTheThreadPool()
    {
        var transport = new ThreadRecordingTransport();
        var plan = Plan(new Uri("http://127.0.0.1:1/"), "const(50, 200ms)");
        var runner = new OpenModelRunner(plan, new Uri("http://127.0.0.1:1/"), transport, new CollectingSink());

        await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(10, transport.Threads.Count);
        Assert.All(transport.Threads, name => Assert.Equal("barrage-pacer", name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // paced on the event loops (LanePacer): the stop wakes the loop
    public async Task RealClock_Stop_EndsARunWhosePacerSleepsForMinutes(bool loops)
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok));
        ITransportFactory transports = loops ? new LoopTransportFactory(new TransportOptions(), loops: 2) : new Http1TransportFactory(new TransportOptions());
        var runner = new OpenModelRunner(Plan(server.Url(), "const(0.01, 1h)"), server.Url(), transports, new CollectingSink());
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);
        while (runner.Progress.ArrivalsCompleted < 1)
            await Task.Delay(10);

        await stop.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(StopReason.Interrupted, outcome.Reason);
        Assert.Equal((1L, 1L, 0L), (runner.Progress.ArrivalsDue, runner.Progress.ArrivalsSent, runner.Progress.ArrivalsDropped));
    }

    /// <summary>Answers at once and notes the name of the thread each send was started on.</summary>
    private sealed class ThreadRecordingTransport : ITransportFactory, ITransport
    {
        public System.Collections.Concurrent.ConcurrentQueue<string?> Threads { get; } = new();

        public ITransport Create() => this;

        public ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
        {
            Threads.Enqueue(Thread.CurrentThread.Name);
            return new(new TransportResult(0, 1, 2, 3, 10, 20, NetCodes.Ok, 200));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
