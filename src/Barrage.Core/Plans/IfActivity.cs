namespace Barrage.Plans;

/// <summary>Runs <paramref name="Then"/> when the condition holds, else <paramref name="Else"/>.</summary>
/// <param name="Then">Run when the condition holds.</param>
/// <param name="Else">Run when it does not; may be empty.</param>
/// <param name="Condition">An expression over variables: <c>status == 200 and count &gt; 3</c>.</param>
public sealed record IfActivity(string Condition, IReadOnlyList<Activity> Then, IReadOnlyList<Activity> Else) : Activity;
