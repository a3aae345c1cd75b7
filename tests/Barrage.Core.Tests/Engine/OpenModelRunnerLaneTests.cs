using System.Collections.Concurrent;
using Barrage.Core.Tests.Transport.Http1;
using Barrage.Load;
using Barrage.Plans;
using Barrage.Transport;
using Barrage.Transport.Loop;

namespace Barrage.Engine;

/// <summary>
/// The open model paced on the event loops of the loop transport (<see cref="LanePacer"/>) against a loopback
/// server: counts, threads and invariants only, never how late anything was, so a loaded machine cannot fail them.
/// </summary>
public sealed class OpenModelRunnerLaneTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static Plan Plan(Uri target, string schedule, int maxInFlight = 1000, ArrivalKind arrivals = ArrivalKind.Even) => new()
    {
        Name = "t",
        Target = TargetSpec.ForUrl(target),
        Load = new LoadSpec
        {
            Model = LoadModel.Open,
            Schedule = RateSchedule.Parse(schedule),
            Arrivals = arrivals,
            Seed = 7,
            MaxInFlight = maxInFlight,
            LateAfter = TimeSpan.FromSeconds(30),
            GracefulStop = TimeSpan.FromSeconds(30),
        },
        Scenario = new Scenario { Main = [new RequestActivity { Method = "GET", Url = "/a", Tag = "a" }] },
    };

    [Fact]
    public async Task Lanes_EveryPlannedArrivalIsSentAndAnswered_NoneEarly_EachStartedOnItsLanesLoop()
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), backlog: 64);
        var sink = new CollectingSink();
        var plan = Plan(server.Url(), "const(200, 1s)", arrivals: ArrivalKind.Poisson);
        var lanes = new ThreadRecordingLanes(new LoopTransportFactory(new TransportOptions(), loops: 2));
        var runner = new OpenModelRunner(plan, server.Url(), lanes, sink) { RatePerLane = 100 };

        var outcome = await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(StopReason.Completed, outcome.Reason);
        // The same arrivals as one pacer would start, split over the lanes.
        long[] planned = [.. plan.Load.Schedule!.Arrivals(ArrivalKind.Poisson, 7).Select(t => t.Ticks / 10)];
        var p = runner.Progress;
        Assert.Equal((planned.LongLength, planned.LongLength, planned.LongLength, 0L), (p.ArrivalsDue, p.ArrivalsSent, p.ArrivalsCompleted, p.ArrivalsDropped));
        Assert.Equal(planned.Length, server.Requests.Count);
        Assert.All(sink.Samples, s => Assert.Equal((NetCodes.Ok, 200), (s.Result.NetCode, s.Result.StatusCode)));
        Assert.Equal(planned, sink.Samples.Select(s => s.ScheduledUs).Order());
        Assert.All(sink.Samples, s => Assert.True(s.StartUs >= s.ScheduledUs));
        // Every send started on the loop that drives its connection: no arrival was handed from one thread to another.
        Assert.Equal(sink.Samples.Count, lanes.Sends.Count);
        Assert.All(lanes.Sends, send => Assert.Equal($"barrage-loop-2.{send.Lane}", send.Thread));
        Assert.Equal([0, 1], lanes.Sends.Select(send => send.Lane).Distinct().Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lanes_APlanWithGroups_ReadsEachResponseAsItComes_OthersMayLetThemWaitForTheTick(bool groups)
    {
        // A response that waits in its socket for the next tick keeps its own (kernel-stamped) times, but a group's time
        // runs to the read of its last request: with groups the lane's timer lets no response wait (resolution 0).
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), backlog: 64);
        var sink = new CollectingSink();
        var plan = Plan(server.Url(), "const(50, 200ms)");
        plan = plan with { Load = plan.Load with { Resolution = TimeSpan.FromMilliseconds(1) } };
        if (groups)
            plan = plan with { Scenario = plan.Scenario with { Main = [new GroupActivity("tx", plan.Scenario.Main)] } };
        var lanes = new ThreadRecordingLanes(new LoopTransportFactory(new TransportOptions(), loops: 1));
        var runner = new OpenModelRunner(plan, server.Url(), lanes, sink);

        await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var timer = Assert.Single(lanes.Timers);
        Assert.Equal(groups ? 0 : System.Diagnostics.Stopwatch.Frequency / 1000, timer.ResolutionTicks);
        Assert.Equal(groups ? 20 : 10, sink.Samples.Count); // each group's request and its own sample
    }

    [Fact]
    public async Task Lanes_Resolution_ALaneWakesAtMostOncePerResolution_EachArrivalKeepsItsScheduledTime()
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), backlog: 64);
        var sink = new CollectingSink();
        var plan = Plan(server.Url(), "const(200, 1s)");
        plan = plan with { Load = plan.Load with { Resolution = TimeSpan.FromMilliseconds(50) } };
        var runner = new OpenModelRunner(plan, server.Url(), new LoopTransportFactory(new TransportOptions(), loops: 1), sink);

        await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(200, sink.Samples.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 5_000L), sink.Samples.Select(s => s.ScheduledUs).Order());
        Assert.All(sink.Samples, s => Assert.True(s.StartUs >= s.ScheduledUs));
        // Starts come in bursts, one per wake-up, at least 50 ms apart (a late wake-up only merges more into one):
        // the first arrival, then at most one burst per 50 ms of the second. Unset, each of the 200 starts on its own.
        var starts = sink.Samples.Select(s => s.StartUs).Order().ToList();
        var bursts = 1 + starts.Zip(starts.Skip(1)).Count(pair => pair.Second - pair.First > 25_000);
        Assert.InRange(bursts, 2, 21);
    }

    [Fact]
    public async Task Lanes_ResponsesWaitForTheNextInstant_TheirServiceTimeEndsWhenTheyArrived()
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), backlog: 1024);
        var sink = new CollectingSink();
        var plan = Plan(server.Url(), "const(2000, 500ms)");
        plan = plan with { Load = plan.Load with { Resolution = TimeSpan.FromMilliseconds(1) } };
        var runner = new OpenModelRunner(plan, server.Url(), new LoopTransportFactory(new TransportOptions(), loops: 1), sink);

        await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1000, sink.Samples.Count);
        Assert.All(sink.Samples, s => Assert.Equal((NetCodes.Ok, 200), (s.Result.NetCode, s.Result.StatusCode)));
        // The pacer is never more than 1 ms away: the loop lets responses wait in their sockets for it (one wake-up for
        // both) and reads them then, up to a millisecond after they came; read at once, they wait only for the loop
        // to wake (5 to 60 µs measured, on a loaded machine too). Each says how long it waited, and its service time
        // leaves that out. While a connection is connecting the loop stays awake: the deep backlog keeps a loaded
        // machine's burst of connects out of SYN retries (a second each), which kept it awake for the whole run.
        var waited = sink.Samples.Count(s => s.Result.ReadDelayUs >= 200);
        Assert.True(waited >= 500, $"{waited} of 1000 responses waited 200 µs or more for the pacer");
        Assert.All(sink.Samples, s => Assert.InRange(s.Result.ReadDelayUs, 0, 30_000_000));
        Assert.All(sink.Samples, s => Assert.True(s.TotalUs >= s.Result.LatencyUs, $"service {s.TotalUs} µs < latency {s.Result.LatencyUs} µs"));
    }

    [Fact]
    public async Task Lanes_MaxInFlightIsSharedByTheLanes_NoMoreConnectionsThanIt()
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), backlog: 64);
        var sink = new CollectingSink();
        var runner = new OpenModelRunner(Plan(server.Url(), "const(300, 1s)", maxInFlight: 3), server.Url(), new LoopTransportFactory(new TransportOptions(), loops: 2), sink)
        {
            RatePerLane = 100,
        };

        await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var p = runner.Progress;
        Assert.Equal(300, p.ArrivalsDue);
        Assert.Equal(p.ArrivalsDue, p.ArrivalsSent + p.ArrivalsDropped);
        Assert.Equal(p.ArrivalsSent, server.Requests.Count);
        Assert.InRange(server.AcceptedConnections, 1, 3);
    }

    [Fact]
    public async Task Lanes_BelowTheRatePerLane_PaceOnOneLoop()
    {
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), backlog: 64);
        var lanes = new ThreadRecordingLanes(new LoopTransportFactory(new TransportOptions(), loops: 2));
        var runner = new OpenModelRunner(Plan(server.Url(), "const(100, 500ms)"), server.Url(), lanes, new CollectingSink());

        await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(50, runner.Progress.ArrivalsSent);
        Assert.All(lanes.Sends, send => Assert.Equal((0, "barrage-loop-2.0"), send));
    }

    /// <summary>The loop transport's lanes, noting the lane of each transport and the thread each send started on.</summary>
    private sealed class ThreadRecordingLanes(ILaneTransportFactory inner) : ILaneTransportFactory
    {
        public ConcurrentQueue<(int Lane, string? Thread)> Sends { get; } = new();

        public ConcurrentQueue<ILaneTimer> Timers { get; } = new();

        public int Lanes => inner.Lanes;

        public ITransport Create() => throw new InvalidOperationException("The open model on lanes asks for a lane.");

        public ITransport Create(int lane) => new Recording(inner.Create(lane), lane, Sends);

        public void Start(int lane, ILaneTimer timer)
        {
            Timers.Enqueue(timer);
            inner.Start(lane, timer);
        }

        public void Wake(int lane) => inner.Wake(lane);

        private sealed class Recording(ITransport inner, int lane, ConcurrentQueue<(int, string?)> sends) : ITransport
        {
            public ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
            {
                sends.Enqueue((lane, Thread.CurrentThread.Name));
                return inner.SendAsync(request, cancellationToken);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
