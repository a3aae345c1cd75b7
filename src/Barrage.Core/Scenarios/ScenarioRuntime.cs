using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>What every user of one run shares: the clock, the sample recorder, transports, the counter, the log.</summary>
internal sealed class ScenarioRuntime(TimeProvider time, RequestTimer timer, ITransportFactory transports, bool keepAlive, int seed, IScenarioLog? log, bool debug)
{
    private long _counter;

    public TimeProvider Time { get; } = time;

    public RequestTimer Timer { get; } = timer;

    public ITransportFactory Transports { get; } = transports;

    /// <summary>Keep-alive as the transports use it: templated requests say <c>Connection: close</c> themselves when off.</summary>
    public bool KeepAlive { get; } = keepAlive;

    /// <summary>The seed users' random sources derive from.</summary>
    public int Seed { get; } = seed;

    /// <summary>Where <c>log:</c> goes; null to drop it.</summary>
    public IScenarioLog? Log { get; } = log;

    /// <summary>Print every request and response to <see cref="Log"/>.</summary>
    public bool Debug { get; } = debug && log is not null;

    public long NextCounter() => Interlocked.Increment(ref _counter);
}
