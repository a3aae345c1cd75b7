namespace Barrage.Reporting.Summaries;

/// <summary>One agent's part of a cluster run, as the summary, <c>summary.json</c> and the run store keep it.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Host">The machine it ran on; <c>-</c> when it did not say.</param>
/// <param name="Share">Its place among the agents, one-based: <c>2/3</c>.</param>
/// <param name="Requests">Requests it reported.</param>
/// <param name="Errors">Errors (transport, or HTTP ≥ 400) it reported.</param>
/// <param name="Dropped">Open model: arrivals it dropped.</param>
/// <param name="ClockOffsetUs">Its clock minus the coordinator's, measured before the start (µs); null when not measured.</param>
/// <param name="LostAfterSeconds">Seconds into the run when it went missing; null when it was heard to the end.</param>
/// <param name="Error">An error it reported at its end; null for none.</param>
public sealed record AgentSummary(string Name, string Host, string Share, long Requests, long Errors, long Dropped,
    long? ClockOffsetUs, double? LostAfterSeconds, string? Error = null);
