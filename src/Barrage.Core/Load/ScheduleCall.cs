namespace Barrage.Load;

/// <summary>One <c>name(arg, ...)</c> of a schedule's text, with the columns of its parts for messages.</summary>
internal sealed record ScheduleCall(string Name, int Column, IReadOnlyList<ScheduleArgument> Arguments, int CloseColumn);
