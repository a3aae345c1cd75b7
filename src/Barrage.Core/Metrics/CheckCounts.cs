namespace Barrage.Metrics;

/// <summary>How often a check passed and failed.</summary>
public readonly record struct CheckCounts(long Passed, long Failed)
{
    /// <summary>Passed plus failed.</summary>
    public long Total => Passed + Failed;

    /// <summary>Both counts added.</summary>
    public CheckCounts Add(CheckCounts other) => new(Passed + other.Passed, Failed + other.Failed);

    /// <summary>One more verdict.</summary>
    public CheckCounts Add(bool passed) => passed ? this with { Passed = Passed + 1 } : this with { Failed = Failed + 1 };
}
