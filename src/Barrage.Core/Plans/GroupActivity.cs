namespace Barrage.Plans;

/// <summary>A named transaction: its steps run in order and the whole gets its own result row, tagged <paramref name="Name"/>, from the start of the first to the end of the last.</summary>
public sealed record GroupActivity(string Name, IReadOnlyList<Activity> Steps) : Activity;
