using System.Collections.Concurrent;
using Barrage.Engine;
using Barrage.Plans;
using Barrage.Transport;

namespace Barrage.Core.Tests.Engine;

public class LoadRunnerTransportTests
{
    private static readonly Uri Base = new("http://127.0.0.1:1/");

    private static Plan NewPlan(int users, long iterations, params string[] mainPaths) => new()
    {
        Name = "t",
        Target = TargetSpec.ForUrl(Base),
        Load = new LoadSpec { Users = users, Iterations = iterations },
        Scenario = new Scenario
        {
            Init = [new RequestActivity { Method = "GET", Url = "/init", Tag = "init" }],
            Main = [.. mainPaths.Select(p => new RequestActivity { Method = "GET", Url = p, Tag = p })],
            End = [new RequestActivity { Method = "GET", Url = "/end", Tag = "end" }],
        },
    };

    [Theory]
    [InlineData(FakeTransport.Mode.Synchronous)]
    [InlineData(FakeTransport.Mode.Asynchronous)]
    public async Task RunAsync_Iterations_RecordsOneSamplePerRequestInScenarioOrder(FakeTransport.Mode mode)
    {
        var factory = new FakeFactory(mode);
        var sink = new ListSink();

        var outcome = await new LoadRunner(NewPlan(2, 3, "/a", "/b"), Base, factory, sink).RunAsync();

        Assert.Equal(StopReason.Completed, outcome.Reason);
        // Per user: init, 3 × (a, b), end.
        Assert.Equal(2 * (1 + 3 * 2 + 1), sink.Samples.Count);
        Assert.All(factory.Created, t => Assert.Equal(["init", "/a", "/b", "/a", "/b", "/a", "/b", "end"], t.Tags));
        Assert.All(factory.Created, t => Assert.True(t.Disposed));
        Assert.All(sink.Samples, s => Assert.Equal((NetCodes.Ok, 200), (s.Result.NetCode, s.Result.StatusCode)));
    }

    [Theory]
    [InlineData(FakeTransport.Mode.ThrowsAtOnce)]
    [InlineData(FakeTransport.Mode.ThrowsLater)]
    public async Task RunAsync_TransportThrows_RecordsOtherAndCarriesOn(FakeTransport.Mode mode)
    {
        var sink = new ListSink();

        await new LoadRunner(NewPlan(1, 2, "/a"), Base, new FakeFactory(mode), sink).RunAsync();

        Assert.Equal(4, sink.Samples.Count); // init, 2 × a, end
        Assert.All(sink.Samples, s => Assert.Equal((NetCodes.Other, 0), (s.Result.NetCode, s.Result.StatusCode)));
    }

    [Fact]
    public async Task RunAsync_SharedIterations_SplitsThemAcrossUsers()
    {
        var factory = new FakeFactory(FakeTransport.Mode.Asynchronous);
        var sink = new ListSink();
        var plan = NewPlan(3, 100, "/a");
        plan = plan with { Load = plan.Load with { Iterations = null, SharedIterations = 10 } };

        await new LoadRunner(plan, Base, factory, sink).RunAsync();

        Assert.Equal(10, sink.Samples.Count(s => s.Tag == "/a"));
    }

    public sealed class FakeTransport(FakeTransport.Mode mode) : ITransport
    {
        public enum Mode
        {
            Synchronous,
            Asynchronous,
            ThrowsAtOnce,
            ThrowsLater,
        }

        public ConcurrentQueue<string> Tags { get; } = new();

        public bool Disposed { get; private set; }

        public ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
        {
            Tags.Enqueue(request.Tag);
            return mode switch
            {
                Mode.Synchronous => ValueTask.FromResult(Ok()),
                Mode.Asynchronous => LaterAsync(),
                Mode.ThrowsAtOnce => throw new InvalidOperationException("a transport bug"),
                _ => ThrowLaterAsync(),
            };
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }

        private static TransportResult Ok() => new(1, 1, 1, 1, 10, 10, NetCodes.Ok, 200);

        private static async ValueTask<TransportResult> LaterAsync()
        {
            await Task.Yield();
            return Ok();
        }

        private static async ValueTask<TransportResult> ThrowLaterAsync()
        {
            await Task.Yield();
            throw new InvalidOperationException("a transport bug");
        }
    }

    private sealed class FakeFactory(FakeTransport.Mode mode) : ITransportFactory
    {
        public ConcurrentQueue<FakeTransport> Created { get; } = new();

        public ITransport Create()
        {
            var transport = new FakeTransport(mode);
            Created.Enqueue(transport);
            return transport;
        }
    }

    private sealed class ListSink : ISampleSink
    {
        private readonly Lock _gate = new();

        public List<Sample> Samples { get; } = [];

        public void Record(in Sample sample)
        {
            lock (_gate)
                Samples.Add(sample);
        }
    }
}
