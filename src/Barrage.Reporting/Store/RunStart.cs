namespace Barrage.Reporting.Store;

/// <summary>What is known of a run when it starts.</summary>
/// <param name="Name">The plan's name.</param>
/// <param name="Target">The target's base address.</param>
/// <param name="PlanText">The plan as run (its YAML, or a description of the command line).</param>
/// <param name="StartedAt">Wall-clock start.</param>
/// <param name="Users">Users the plan runs.</param>
/// <param name="Directory">The run directory (absolute), when the run writes files; null otherwise.</param>
public sealed record RunStart(string Name, string Target, string PlanText, DateTimeOffset StartedAt, int Users, string? Directory = null);
