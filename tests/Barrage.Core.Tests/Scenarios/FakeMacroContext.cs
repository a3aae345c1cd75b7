namespace Barrage.Scenarios;

/// <summary>A macro context with fixed built-ins and a seeded random source, for rendering tests.</summary>
internal sealed class FakeMacroContext(long userId = 7, long iteration = 3, int seed = 42) : IMacroContext
{
    private readonly Dictionary<string, string> _variables = [];
    private long _counter;

    public long UserId => userId;

    public long Iteration => iteration;

    public Random Random { get; } = new(seed);

    public long NowUnixMilliseconds => 1_700_000_000_123;

    public long NextCounter() => ++_counter;

    public bool TryGet(string name, out string value) => _variables.TryGetValue(name, out value!);

    public void Set(string name, string value) => _variables[name] = value;
}
