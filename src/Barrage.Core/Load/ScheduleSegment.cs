namespace Barrage.Load;

/// <summary>
/// One piece of a schedule: a value (a rate, or a number of users) going linearly from <see cref="From"/>
/// to <see cref="To"/> over <see cref="Duration"/>. <c>const</c> has From = To; a zero duration is a jump.
/// </summary>
public readonly record struct ScheduleSegment(double From, double To, TimeSpan Duration);
