namespace Barrage.Reporting.Export;

/// <summary>A run's state at one moment, beside its samples: what the per-second series cannot count.</summary>
/// <param name="Users">Users running their scenario.</param>
/// <param name="InFlight">Requests waiting for their response.</param>
/// <param name="PlannedRps">Open model: the rate the schedule plans at this moment, per second; null in a closed model.</param>
public sealed record RunGauges(int Users, int InFlight, double? PlannedRps);
