namespace Barrage.Plans;

/// <summary>Repeats steps a number of times, while a condition holds, or both (<c>loop: 10</c> with <c>while: "status != 'done'"</c>).</summary>
/// <param name="Steps">What is repeated.</param>
/// <param name="Count">The most repetitions; null for no limit (then <paramref name="While"/> is set).</param>
/// <param name="While">A condition checked before each repetition; null for none.</param>
public sealed record LoopActivity(IReadOnlyList<Activity> Steps, long? Count = null, string? While = null) : Activity;
