namespace Barrage.Plans;

/// <summary>Runs a named sequence of the scenario (<c>call: login</c>), <paramref name="Times"/> times.</summary>
public sealed record CallActivity(string Sequence, long Times = 1) : Activity;
