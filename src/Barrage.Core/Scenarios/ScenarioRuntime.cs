using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>What every user of one run shares: the clock, the sample recorder, transports, the counter, the log.</summary>
internal sealed class ScenarioRuntime(TimeProvider time, RequestTimer timer, ITransportFactory transports, bool keepAlive, int seed, IScenarioLog? log, bool debug)
{
    private readonly CancellationTokenSource _stop = new();
    private long _counter;
    private int _stopReason = -1;

    /// <summary>Cancelled when the scenario itself stops the test (a check's <c>stop_test</c>, a spent unique data feeder).</summary>
    public CancellationToken StopToken => _stop.Token;

    /// <summary>Why the scenario stopped the test; null while it has not.</summary>
    public StopReason? StopReason => Volatile.Read(ref _stopReason) is var r and >= 0 ? (StopReason)r : null;

    /// <summary>Stops the test for <paramref name="reason"/>; the first reason given is the one reported.</summary>
    public void RequestStop(StopReason reason, string? message = null)
    {
        if (Interlocked.CompareExchange(ref _stopReason, (int)reason, -1) != -1)
            return;
        if (message is not null)
            Log?.Write(message);
        _stop.Cancel();
    }

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

    /// <summary>The plan's data feeders: user-bound ones fill a user once, iteration-bound ones every iteration.</summary>
    public IReadOnlyList<DataFeeder> Feeders { get; init; } = [];

    /// <summary>The plan's transport options: what web sockets and per-request HTTP/2 connections use.</summary>
    public TransportOptions TransportOptions { get; init; } = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PreparedRequest> _labels = new(StringComparer.Ordinal);

    /// <summary>
    /// A stand-in request that only names <paramref name="tag"/>, for the samples of activities that are not HTTP
    /// requests (web sockets, plugins): the timer records a sample by its request's tag.
    /// </summary>
    public PreparedRequest Label(string tag) =>
        _labels.GetOrAdd(tag, static t => new PreparedRequest("-", new Uri("about:activity"), [], ReadOnlyMemory<byte>.Empty, t));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Template> _templates = new(StringComparer.Ordinal);

    /// <summary>The text parsed as a template once per run (plugins render texts they are given).</summary>
    public Template TemplateOf(string text) => _templates.GetOrAdd(text, static t => Template.Parse(t, []));

    /// <summary>Keep a cookie jar per user (the plan's <c>cookies</c>, on by default): every response's headers are read.</summary>
    public bool Cookies { get; init; } = true;
}
