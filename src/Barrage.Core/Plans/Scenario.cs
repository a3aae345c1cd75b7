namespace Barrage.Plans;

/// <summary>What every user does: <see cref="Init"/> once, <see cref="Main"/> in a loop, <see cref="End"/> once when it leaves.</summary>
public sealed record Scenario
{
    public IReadOnlyList<Activity> Init { get; init; } = [];

    public required IReadOnlyList<Activity> Main { get; init; }

    public IReadOnlyList<Activity> End { get; init; } = [];
}
