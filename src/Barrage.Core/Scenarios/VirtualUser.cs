using Barrage.Transport;
using Barrage.Transport.Http2;
using Barrage.Transport.WebSockets;

namespace Barrage.Scenarios;

/// <summary>
/// One virtual user's state while it runs a scenario: its variables, iteration, number, seeded random source and
/// connections (its own, plus more borrowed for parallel branches), its web sockets by name and, when a request asks for
/// HTTP/2, an HTTP/2 connection of its own. Owned by one runner task; parallel branches share it, so its variables are guarded.
/// </summary>
internal sealed class VirtualUser : IMacroContext, IAsyncDisposable
{
    // How long a socket left open gets to close properly when its user leaves.
    private static readonly TimeSpan SocketCloseTime = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Stack<ITransport> _spare = new();
    private readonly List<ITransport> _borrowed = [];
    private readonly Dictionary<string, WebSocketSession> _sockets = new(StringComparer.Ordinal);
    private Http2TransportFactory? _http2;
    private Dictionary<ITransport, ITransport>? _http2Lanes;

    public VirtualUser(ScenarioRuntime runtime, long id, ITransport transport, CancellationToken hard)
    {
        Runtime = runtime;
        UserId = id;
        Transport = transport;
        Hard = hard;
        Random = new LockedRandom(unchecked(runtime.Seed * 1_000_003 + (int)id));
    }

    public ScenarioRuntime Runtime { get; }

    public long UserId { get; }

    public long Iteration { get; set; } = -1;

    public Random Random { get; }

    /// <summary>The user's own connection.</summary>
    public ITransport Transport { get; }

    /// <summary>Fires when in-flight requests must stop (the end of the graceful stop).</summary>
    public CancellationToken Hard { get; }

    /// <summary>Open model: the scheduled time of the next request (the arrival's), used once; null in the closed model.</summary>
    public long? ScheduledUs { get; set; }

    /// <summary>The user's cookies and Digest challenge.</summary>
    public UserSession Session { get; } = new();

    /// <summary>What a failed check asked of this user (<c>on_failure</c>); <see cref="CheckFailureAction.Continue"/> while none did.</summary>
    public CheckFailureAction Failed { get; set; }

    /// <summary>
    /// After a sequence was cut short: true (and forgotten) when only a check's <c>abort_iteration</c> cut it, so the
    /// user goes on with its next iteration; false when the user is to stop.
    /// </summary>
    public bool ContinueAfterAbort()
    {
        if (Failed != CheckFailureAction.AbortIteration)
            return false;
        Failed = CheckFailureAction.Continue;
        return true;
    }

    public long NowUnixMilliseconds => Runtime.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public long NextCounter() => Runtime.NextCounter();

    public bool TryGet(string name, out string value)
    {
        lock (_variables)
        {
            if (_variables.TryGetValue(name, out var found))
            {
                value = found;
                return true;
            }
        }
        switch (name)
        {
            case VariablePart.UserId:
                value = UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case VariablePart.Iteration:
                value = Iteration.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            default:
                value = "";
                return false;
        }
    }

    public void Set(string name, string value)
    {
        lock (_variables)
            _variables[name] = value;
    }

    /// <summary>A connection for a parallel branch: a spare one, or a new one that the user keeps until it leaves.</summary>
    public ITransport BorrowTransport()
    {
        lock (_spare)
        {
            if (_spare.TryPop(out var spare))
                return spare;
        }
        var created = Runtime.Transports.Create();
        lock (_spare)
            _borrowed.Add(created);
        return created;
    }

    public void ReturnTransport(ITransport transport)
    {
        lock (_spare)
            _spare.Push(transport);
    }

    /// <summary>
    /// The HTTP/2 transport that goes with <paramref name="lane"/> (the user's connection or a parallel branch's): the lane
    /// itself when the whole run is HTTP/2, else one made on first use over an HTTP/2 connection pool of the user's own.
    /// </summary>
    public ITransport Http2For(ITransport lane)
    {
        if (Runtime.Transports is Http2TransportFactory)
            return lane;
        lock (_spare)
        {
            _http2Lanes ??= new(ReferenceEqualityComparer.Instance);
            if (!_http2Lanes.TryGetValue(lane, out var http2))
            {
                _http2 ??= new Http2TransportFactory(Runtime.TransportOptions);
                _http2Lanes[lane] = http2 = _http2.Create();
            }
            return http2;
        }
    }

    /// <summary>The open (or once opened) socket named <paramref name="name"/>; null when none was connected under it.</summary>
    public WebSocketSession? Socket(string name)
    {
        lock (_sockets)
            return _sockets.GetValueOrDefault(name);
    }

    /// <summary>Keeps <paramref name="session"/> under <paramref name="name"/>, dropping the socket that was there.</summary>
    public async ValueTask PutSocketAsync(string name, WebSocketSession session)
    {
        WebSocketSession? old;
        lock (_sockets)
        {
            old = _sockets.GetValueOrDefault(name);
            _sockets[name] = session;
        }
        if (old is not null)
            await old.DisposeAsync();
    }

    /// <summary>Forgets the socket named <paramref name="name"/> and drops its connection.</summary>
    public async ValueTask RemoveSocketAsync(string name)
    {
        WebSocketSession? old;
        lock (_sockets)
        {
            if (!_sockets.Remove(name, out old))
                return;
        }
        await old.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseSocketsAsync();
        await Transport.DisposeAsync();
        foreach (var transport in _borrowed)
            await transport.DisposeAsync();
        foreach (var transport in _http2Lanes is null ? [] : _http2Lanes.Values.ToList())
            await transport.DisposeAsync();
        _http2?.Dispose();
    }

    // The user's sockets close at its end: properly, all at once and briefly, unless the graceful stop is over.
    private async Task CloseSocketsAsync()
    {
        WebSocketSession[] open;
        lock (_sockets)
        {
            open = [.. _sockets.Values];
            _sockets.Clear();
        }
        if (open.Length == 0)
            return;
        if (!Hard.IsCancellationRequested)
            await Task.WhenAll(open.Where(s => s.IsOpen).Select(s => s.CloseAsync(SocketCloseTime, Hard).AsTask()));
        foreach (var session in open)
            await session.DisposeAsync();
    }
}
