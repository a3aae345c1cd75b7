namespace Barrage.Plans;

/// <summary>Steps in flight at once from one user, as a browser fetches a page's resources; ends when all end.</summary>
/// <param name="Steps">The branches; each runs on a connection of its own.</param>
/// <param name="Limit">The most branches at once; null for all of them.</param>
public sealed record ParallelActivity(IReadOnlyList<Activity> Steps, int? Limit = null) : Activity;
