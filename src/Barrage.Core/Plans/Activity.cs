namespace Barrage.Plans;

/// <summary>
/// One step of a scenario: a request, a think time, a group of steps (parallel, loop, if, group), a call of a
/// named sequence, setting variables or a log line. YAML and the C# builder make the same records.
/// </summary>
public abstract record Activity
{
    /// <summary>Where the activity was written, for error messages.</summary>
    public SourcePosition Position { get; init; } = SourcePosition.None;
}
