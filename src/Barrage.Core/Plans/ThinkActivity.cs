namespace Barrage.Plans;

/// <summary>The user pauses (<c>think: 1s..3s</c>); a stop ends the pause at once.</summary>
public sealed record ThinkActivity(ThinkTime Time) : Activity;
