namespace Barrage.Plans;

/// <summary>One mistake in a plan or in the options that override it.</summary>
public sealed record PlanError(SourcePosition Position, string Message)
{
    /// <summary>The error as printed: <c>file:line:column: message</c>.</summary>
    public override string ToString() => Position.IsKnown || Position.File.Length > 0
        ? $"{Position}: {Message}"
        : Message;
}
