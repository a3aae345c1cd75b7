namespace Barrage.Engine;

/// <summary>How a run went, apart from its measurements.</summary>
/// <param name="Reason">Why it ended.</param>
/// <param name="StartedAt">Wall-clock start of the load.</param>
/// <param name="Elapsed">From the start of the load to the end of the last request.</param>
public sealed record RunOutcome(StopReason Reason, DateTimeOffset StartedAt, TimeSpan Elapsed);
