namespace Barrage.Plans;

/// <summary>Writes a line to the run's log (shown with <c>--debug</c>); the message may hold macros.</summary>
public sealed record LogActivity(string Message) : Activity;
