namespace Barrage.Scenarios;

/// <summary>
/// Hands out the rows of a <see cref="DataSource"/> to users, as its order says. Thread-safe: all users of a run share
/// one feeder per data entry, and no lock is taken but for a seeded random order.
/// </summary>
public sealed class DataFeeder
{
    private readonly string[] _variables;
    private readonly Random? _random;
    private readonly Lock _randomLock = new();
    private long _taken = -1;

    /// <param name="source">The rows and their order.</param>
    /// <param name="seed">Seeds <see cref="DataOrder.Random"/>, so that a run can be repeated; null for a random seed.</param>
    public DataFeeder(DataSource source, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Rows.Count == 0)
            throw new ArgumentException("A data source needs at least one row.", nameof(source));
        Source = source;
        _variables = [.. source.Variables];
        _random = seed is { } s ? new Random(s) : null;
    }

    /// <summary>The rows and their order.</summary>
    public DataSource Source { get; }

    /// <summary>True once a unique feeder has handed out every row and was asked for another.</summary>
    public bool IsExhausted => Source.Order == DataOrder.Unique && Interlocked.Read(ref _taken) >= Source.Rows.Count;

    /// <summary>Why the test stopped when a unique feeder ran out (for <see cref="Engine.StopReason.DataExhausted"/>).</summary>
    public string ExhaustedMessage =>
        $"data '{Source.Name}': every one of the {Source.Rows.Count} rows of {Source.Path} was used once (order: unique), so the test stopped";

    /// <summary>The next row; false when a unique feeder has none left (the test should then stop, see <see cref="ExhaustedMessage"/>).</summary>
    public bool TryTake(out IReadOnlyList<string> row)
    {
        var rows = Source.Rows;
        switch (Source.Order)
        {
            case DataOrder.Random:
                row = rows[NextRandom(rows.Count)];
                return true;
            case DataOrder.Unique:
                var index = Interlocked.Increment(ref _taken);
                if (index >= rows.Count)
                {
                    row = [];
                    return false;
                }
                row = rows[(int)index];
                return true;
            default:
                row = rows[(int)((ulong)Interlocked.Increment(ref _taken) % (ulong)rows.Count)];
                return true;
        }
    }

    /// <summary>Takes the next row into <paramref name="scope"/> as <c>NAME.COLUMN</c> variables; false (nothing set) when a unique feeder has run out.</summary>
    public bool TryFill(IVariableScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!TryTake(out var row))
            return false;
        for (var i = 0; i < _variables.Length; i++)
            scope.Set(_variables[i], row[i]);
        return true;
    }

    private int NextRandom(int count)
    {
        if (_random is null)
            return System.Random.Shared.Next(count);
        lock (_randomLock)
            return _random.Next(count);
    }
}
