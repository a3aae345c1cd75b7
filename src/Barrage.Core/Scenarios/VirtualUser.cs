using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// One virtual user's state while it runs a scenario: its variables, iteration, number, seeded random source and
/// connections (its own, plus more borrowed for parallel branches). Owned by one runner task; parallel branches
/// share it, so its variables are guarded.
/// </summary>
internal sealed class VirtualUser : IMacroContext, IAsyncDisposable
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Stack<ITransport> _spare = new();
    private readonly List<ITransport> _borrowed = [];

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

    public async ValueTask DisposeAsync()
    {
        await Transport.DisposeAsync();
        foreach (var transport in _borrowed)
            await transport.DisposeAsync();
    }
}
