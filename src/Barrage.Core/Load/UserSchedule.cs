using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Barrage.Plans;

namespace Barrage.Load;

/// <summary>
/// A closed model's plan: how many users run over time, in Yandex.Tank's syntax
/// (<c>line(1, 50, 20s) const(50, 20s) line(50, 0, 10s)</c>), or Loads' cycles (<c>10:20:30</c>). Immutable.
/// </summary>
/// <remarks>
/// <para><c>const(n, d)</c> holds n users; <c>line(a, b, d)</c> goes from a to b; <c>step(a, b, inc, d)</c> holds
/// a, a+inc, ... b for d each; <c>ramp(n, d)</c> adds n users evenly over d; <c>wait(d)</c> keeps the count for d;
/// <c>start(n)</c> adds n users at once. <c>ramp</c>, <c>wait</c> and <c>start</c> are relative to the count
/// before them. Unlike Tank the count may go down: users above the count finish their iteration and leave.</para>
/// <para>A fractional count on a line is rounded toward where the line starts, so <c>line(1, 50, 20s)</c>
/// reaches 50 only at its end and <c>line(50, 0, 10s)</c> still has 1 user just before its end.</para>
/// </remarks>
public sealed class UserSchedule
{
    private const string Example = "line(1, 50, 20s)";
    private static readonly string[] Names = ["const", "line", "step", "ramp", "wait", "start"];

    private readonly ScheduleSegment[] _segments;
    private readonly double[] _startSeconds;

    /// <summary>A schedule made of <paramref name="segments"/>, in order (zero-length segments are jumps).</summary>
    /// <exception cref="ArgumentException">No segment, a negative count, or a negative duration.</exception>
    public UserSchedule(IEnumerable<ScheduleSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _segments = [.. segments];
        if (_segments.Length == 0)
            throw new ArgumentException("A schedule needs at least one segment.", nameof(segments));
        if (_segments.Any(s => !(s.From >= 0 && s.To >= 0 && double.IsFinite(s.From) && double.IsFinite(s.To)) || s.Duration < TimeSpan.Zero))
            throw new ArgumentException("A segment has a negative or non-finite count or duration.", nameof(segments));
        _startSeconds = new double[_segments.Length + 1];
        for (var i = 0; i < _segments.Length; i++)
            _startSeconds[i + 1] = _startSeconds[i] + _segments[i].Duration.TotalSeconds;
        Duration = TimeSpan.FromTicks(_segments.Sum(s => s.Duration.Ticks));
    }

    /// <summary>Loads' cycles with a duration each: <c>10:20:30</c> is <c>const(10, d) const(20, d) const(30, d)</c>.</summary>
    public static UserSchedule FromCycles(IEnumerable<int> cycles, TimeSpan cycleDuration) =>
        new(cycles.Select(n => new ScheduleSegment(n, n, cycleDuration)));

    /// <summary>The pieces, in order.</summary>
    public IReadOnlyList<ScheduleSegment> Segments => _segments;

    /// <summary>The schedule's length.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The most users at any time.</summary>
    public int MaxUsers => (int)Math.Round(_segments.Max(s => Math.Max(s.From, s.To)));

    /// <summary>The users that should be running at <paramref name="t"/>; 0 once the schedule is over.</summary>
    public int UsersAt(TimeSpan t)
    {
        var seconds = t.TotalSeconds;
        if (seconds < 0 || seconds >= _startSeconds[^1])
            return 0;
        var i = Array.BinarySearch(_startSeconds, 0, _segments.Length, seconds);
        if (i < 0)
            i = ~i - 1;
        while (i + 1 < _segments.Length && _startSeconds[i + 1] <= seconds)
            i++;
        var s = _segments[i];
        var length = s.Duration.TotalSeconds;
        var value = length == 0 ? s.To : s.From + (s.To - s.From) * ((seconds - _startSeconds[i]) / length);
        return (int)(s.To >= s.From ? Math.Floor(value + 1e-9) : Math.Ceiling(value - 1e-9));
    }

    /// <summary>Parses Tank's syntax; on failure <paramref name="error"/> has the column and the reason.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out UserSchedule? schedule, [NotNullWhen(false)] out ScheduleError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        schedule = null;
        var calls = ScheduleSyntax.Split(text, Example, out error);
        if (calls is null)
        {
            error ??= new ScheduleError(1, $"expected a schedule such as {Example}");
            return false;
        }
        var segments = new List<ScheduleSegment>();
        foreach (var call in calls)
        {
            var current = segments.Count == 0 ? 0 : segments[^1].To;
            error = call.Name switch
            {
                "const" => Const(call, segments),
                "line" => Line(call, segments),
                "step" => Step(call, segments),
                "ramp" => Ramp(call, current, segments),
                "wait" => Wait(call, current, segments),
                "start" => Start(call, current, segments),
                _ => ScheduleSyntax.Unknown(call, "user schedule", Names),
            };
            if (error is not null)
                return false;
        }
        if (segments.All(s => s.Duration == TimeSpan.Zero))
        {
            error = new ScheduleError(1, "the schedule has no duration; add const(n, duration) or wait(duration)");
            return false;
        }
        schedule = new UserSchedule(segments);
        return true;
    }

    /// <summary>Parses Tank's syntax.</summary>
    /// <exception cref="FormatException">The text is not a user schedule; the message has the column.</exception>
    public static UserSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule : throw new FormatException(error.ToString());

    /// <summary>True when <paramref name="text"/> looks like Loads' cycles: whole numbers joined by ':'.</summary>
    public static bool LooksLikeCycles(string text) =>
        text.Contains(':', StringComparison.Ordinal) && text.All(c => char.IsAsciiDigit(c) || c is ':' or ' ');

    /// <summary>Parses Loads' cycles, <c>10:20:30</c>: each a number of users, at least 1.</summary>
    public static bool TryParseCycles(string text, [NotNullWhen(true)] out IReadOnlyList<int>? cycles, [NotNullWhen(false)] out ScheduleError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        cycles = null;
        var list = new List<int>();
        var column = 1;
        foreach (var part in text.Split(':'))
        {
            var trimmed = part.Trim();
            var at = column + (part.Length - part.TrimStart().Length);
            if (!int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1_000_000)
            {
                error = new ScheduleError(at, $"expected a number of users from 1 to 1000000 in each cycle, got {(trimmed.Length == 0 ? "nothing" : PlanRules.Quote(trimmed))}");
                return false;
            }
            list.Add(n);
            column += part.Length + 1;
        }
        cycles = list;
        error = null;
        return true;
    }

    private static ScheduleError? Users(ScheduleArgument arg, out double users)
    {
        users = 0;
        if (ScheduleSyntax.Number(arg, "a number of users", whole: true, out var e) is not { } n)
            return e;
        if (n > 1_000_000)
            return new ScheduleError(arg.Column, $"a number of users must be at most 1000000, got {arg.Text}");
        users = n;
        return null;
    }

    private static ScheduleError? ReadUsers(ScheduleCall call, int count, out double[] values)
    {
        values = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (Users(call.Arguments[i], out values[i]) is { } e)
                return e;
        }
        return null;
    }

    private static ScheduleError? Const(ScheduleCall call, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "users", "duration") is { } arity)
            return arity;
        if (ReadUsers(call, 1, out var n) is { } e)
            return e;
        if (ScheduleSyntax.Duration(call.Arguments[1], out e) is not { } duration)
            return e;
        segments.Add(new ScheduleSegment(n[0], n[0], duration));
        return null;
    }

    private static ScheduleError? Line(ScheduleCall call, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "from", "to", "duration") is { } arity)
            return arity;
        if (ReadUsers(call, 2, out var n) is { } e)
            return e;
        if (ScheduleSyntax.Duration(call.Arguments[2], out e) is not { } duration)
            return e;
        segments.Add(new ScheduleSegment(n[0], n[1], duration));
        return null;
    }

    private static ScheduleError? Step(ScheduleCall call, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "from", "to", "increment", "step duration") is { } arity)
            return arity;
        if (ReadUsers(call, 3, out var n) is { } e)
            return e;
        if (n[2] == 0)
            return new ScheduleError(call.Arguments[2].Column, "the increment must be more than zero");
        if (ScheduleSyntax.Duration(call.Arguments[3], out e) is not { } duration)
            return e;
        return RateSchedule.Steps(call, n[0], n[1], n[2], duration, segments);
    }

    private static ScheduleError? Ramp(ScheduleCall call, double current, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "users", "duration") is { } arity)
            return arity;
        if (ReadUsers(call, 1, out var n) is { } e)
            return e;
        if (ScheduleSyntax.Duration(call.Arguments[1], out e) is not { } duration)
            return e;
        segments.Add(new ScheduleSegment(current, current + n[0], duration));
        return null;
    }

    private static ScheduleError? Wait(ScheduleCall call, double current, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "duration") is { } e)
            return e;
        if (ScheduleSyntax.Duration(call.Arguments[0], out e) is not { } duration)
            return e;
        segments.Add(new ScheduleSegment(current, current, duration));
        return null;
    }

    private static ScheduleError? Start(ScheduleCall call, double current, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "users") is { } arity)
            return arity;
        if (ReadUsers(call, 1, out var n) is { } e)
            return e;
        segments.Add(new ScheduleSegment(current + n[0], current + n[0], TimeSpan.Zero));
        return null;
    }
}
