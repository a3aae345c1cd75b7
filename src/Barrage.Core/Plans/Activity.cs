namespace Barrage.Plans;

/// <summary>One step of a scenario. Requests are the first kind; think times, checks, groups and plugins come later.</summary>
public abstract record Activity
{
    /// <summary>Where the activity was written, for error messages.</summary>
    public SourcePosition Position { get; init; } = SourcePosition.None;
}
