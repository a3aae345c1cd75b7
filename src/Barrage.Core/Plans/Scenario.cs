namespace Barrage.Plans;

/// <summary>What every user does: <see cref="Init"/> once, <see cref="Main"/> in a loop, <see cref="End"/> once when it leaves.</summary>
public sealed record Scenario
{
    /// <summary>Done once by each user before its first iteration.</summary>
    public IReadOnlyList<Activity> Init { get; init; } = [];

    /// <summary>One iteration; never empty in a loaded plan.</summary>
    public required IReadOnlyList<Activity> Main { get; init; }

    /// <summary>Done once by each user after its last iteration.</summary>
    public IReadOnlyList<Activity> End { get; init; } = [];
}
