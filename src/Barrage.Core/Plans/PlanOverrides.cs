namespace Barrage.Plans;

/// <summary>
/// Values that replace a plan's own, from the command line (<c>run --users --duration --iterations --target</c>);
/// null leaves the plan's value as it is. Applied by <see cref="PlanLoader.ApplyOverrides"/>.
/// </summary>
/// <remarks>
/// Overriding <see cref="Duration"/> on a plan that has only iterations keeps both, and the run ends at
/// whichever comes first (likewise <see cref="Iterations"/> on a plan that has only a duration).
/// </remarks>
public sealed record PlanOverrides
{
    /// <summary>Replaces <see cref="LoadSpec.Users"/> (and a schedule of users, with a fixed count); at least 1; closed model only.</summary>
    public int? Users { get; init; }

    /// <summary>Replaces <see cref="LoadSpec.Duration"/>; longer than zero and than the plan's ramp-up.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Replaces <see cref="LoadSpec.Iterations"/>; at least 1.</summary>
    public long? Iterations { get; init; }

    /// <summary>Replaces <see cref="LoadSpec.Seed"/>, the seed of Poisson arrivals; at least 0.</summary>
    public int? Seed { get; init; }

    /// <summary>Replaces <see cref="Plan.Target"/>: <c>builtin</c> or an absolute http:// or https:// URL.</summary>
    public string? Target { get; init; }
}
