namespace Barrage.Load;

/// <summary>One argument's text (trimmed) and its 1-based column.</summary>
internal readonly record struct ScheduleArgument(string Text, int Column);
