namespace Barrage.Load;

/// <summary>A mistake in a schedule's text, with the 1-based column it starts at (inside the schedule text).</summary>
/// <remarks>The plan loader adds the column to where the schedule's scalar starts to report <c>file:line:column</c>.</remarks>
/// <param name="Column">1-based column in the schedule text; one past the end for "expected ... but the text ended".</param>
/// <param name="Message">What is wrong, without the position: <c>expected ')'</c>.</param>
public sealed record ScheduleError(int Column, string Message)
{
    /// <summary>The error as a user reads it on its own: <c>expected ')' at column 11</c>.</summary>
    public override string ToString() => $"{Message} at column {Column}";
}
