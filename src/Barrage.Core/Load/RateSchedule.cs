using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Barrage.Plans;

namespace Barrage.Load;

/// <summary>
/// An open model's plan: arrivals per second over time, written in Yandex.Tank's syntax
/// (<c>line(1, 100, 30s) const(100, 1m) step(100, 200, 25, 10s)</c>). Immutable.
/// </summary>
/// <remarks>
/// <para>The planned count N(t) is the integral of the rate from 0 to t. Even arrivals put the k-th arrival
/// (k from 0) at the first instant N exceeds k, so <c>const(10, 1s)</c> sends at 0, 100, ..., 900 ms and the
/// whole schedule plans ⌈N(T)⌉ arrivals. Poisson arrivals map the running sum of Exp(1) draws through
/// N⁻¹ (time rescaling), which gives exponential gaps at the scheduled rate, even where it changes.</para>
/// <para><c>step(a, b, inc, d)</c> holds a, a+inc, ... up to b (or down to b when a &gt; b) for d each.</para>
/// </remarks>
public sealed class RateSchedule
{
    private const string Example = "const(100, 30s)";
    private static readonly string[] Names = ["const", "line", "step"];

    private readonly ScheduleSegment[] _segments;
    private readonly double[] _startSeconds;
    private readonly double[] _startArrivals;
    private readonly double _total;

    /// <summary>A schedule made of <paramref name="segments"/>, in order.</summary>
    /// <exception cref="ArgumentException">No segment, a negative or non-finite rate, or a negative duration.</exception>
    public RateSchedule(IEnumerable<ScheduleSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _segments = [.. segments];
        if (_segments.Length == 0)
            throw new ArgumentException("A schedule needs at least one segment.", nameof(segments));
        _startSeconds = new double[_segments.Length + 1];
        _startArrivals = new double[_segments.Length + 1];
        for (var i = 0; i < _segments.Length; i++)
        {
            var s = _segments[i];
            if (!(s.From >= 0 && s.To >= 0 && double.IsFinite(s.From) && double.IsFinite(s.To)) || s.Duration < TimeSpan.Zero)
                throw new ArgumentException($"Segment {i} has a negative or non-finite rate or duration.", nameof(segments));
            var seconds = s.Duration.TotalSeconds;
            _startSeconds[i + 1] = _startSeconds[i] + seconds;
            _startArrivals[i + 1] = _startArrivals[i] + (s.From + s.To) / 2 * seconds;
        }
        _total = _startArrivals[^1];
        Duration = TimeSpan.FromTicks(_segments.Sum(s => s.Duration.Ticks));
    }

    /// <summary>A constant rate for a duration: <c>const(rate, duration)</c>.</summary>
    public static RateSchedule Constant(double rate, TimeSpan duration) => new([new ScheduleSegment(rate, rate, duration)]);

    /// <summary>The pieces, in order; <c>step</c> is already expanded into constant pieces.</summary>
    public IReadOnlyList<ScheduleSegment> Segments => _segments;

    /// <summary>The schedule's length.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Arrivals that even spacing plans over the whole schedule: ⌈N(T)⌉.</summary>
    public long TotalArrivals => CountBelow(_total);

    /// <summary>The highest rate anywhere in the schedule.</summary>
    public double PeakRate => _segments.Max(s => Math.Max(s.From, s.To));

    /// <summary>The planned rate at <paramref name="t"/> (arrivals per second); 0 outside the schedule.</summary>
    public double RateAt(TimeSpan t)
    {
        var seconds = t.TotalSeconds;
        if (seconds < 0 || seconds >= _startSeconds[^1])
            return 0;
        var i = SegmentAt(seconds);
        var s = _segments[i];
        var length = s.Duration.TotalSeconds;
        return length == 0 ? s.To : s.From + (s.To - s.From) * ((seconds - _startSeconds[i]) / length);
    }

    /// <summary>N(t): the arrivals planned from the start up to <paramref name="t"/>, a real number.</summary>
    public double ArrivalsBy(TimeSpan t)
    {
        var seconds = t.TotalSeconds;
        if (seconds <= 0)
            return 0;
        if (seconds >= _startSeconds[^1])
            return _total;
        var i = SegmentAt(seconds);
        var s = _segments[i];
        var tau = seconds - _startSeconds[i];
        var length = s.Duration.TotalSeconds;
        return _startArrivals[i] + s.From * tau + (s.To - s.From) / (2 * length) * tau * tau;
    }

    /// <summary>The k-th (from 0) even arrival: the first instant N(t) exceeds k; null when k ≥ <see cref="TotalArrivals"/>.</summary>
    public TimeSpan? ArrivalTime(long k) => k < 0 || k >= TotalArrivals ? null : Inverse(k);

    /// <summary>Every even arrival time, in order.</summary>
    public IEnumerable<TimeSpan> EvenArrivals()
    {
        var count = TotalArrivals;
        for (long k = 0; k < count; k++)
            yield return Inverse(k);
    }

    /// <summary>Poisson arrival times at the scheduled rate, in order; the same seed gives the same times.</summary>
    public IEnumerable<TimeSpan> PoissonArrivals(int seed)
    {
        var random = new Random(seed);
        var n = 0.0;
        while (true)
        {
            // 1 - U is in (0, 1], so the logarithm is finite.
            n += -Math.Log(1 - random.NextDouble());
            if (n >= _total)
                yield break;
            yield return Inverse(n);
        }
    }

    /// <summary>Arrivals of <paramref name="kind"/>: even ones, or Poisson ones from <paramref name="seed"/>.</summary>
    public IEnumerable<TimeSpan> Arrivals(ArrivalKind kind, int seed) => kind == ArrivalKind.Poisson ? PoissonArrivals(seed) : EvenArrivals();

    /// <summary>Parses Tank's syntax; on failure <paramref name="error"/> has the column and the reason.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out RateSchedule? schedule, [NotNullWhen(false)] out ScheduleError? error)
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
            error = call.Name switch
            {
                "const" => Const(call, segments),
                "line" => Line(call, segments),
                "step" => Step(call, segments),
                _ => ScheduleSyntax.Unknown(call, "rate schedule", Names),
            };
            if (error is not null)
                return false;
        }
        schedule = new RateSchedule(segments);
        return true;
    }

    /// <summary>Parses Tank's syntax.</summary>
    /// <exception cref="FormatException">The text is not a rate schedule; the message has the column.</exception>
    public static RateSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule : throw new FormatException(error.ToString());

    /// <summary>The schedule in Tank's syntax, one call per segment.</summary>
    public override string ToString() => string.Join(" ", _segments.Select(s => s.From == s.To
        ? string.Create(CultureInfo.InvariantCulture, $"const({s.From}, {Durations.Format(s.Duration)})")
        : string.Create(CultureInfo.InvariantCulture, $"line({s.From}, {s.To}, {Durations.Format(s.Duration)})")));

    private static ScheduleError? Const(ScheduleCall call, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "rate", "duration") is { } e)
            return e;
        if (ScheduleSyntax.Number(call.Arguments[0], "a rate", whole: false, out e) is not { } rate)
            return e;
        if (ScheduleSyntax.Duration(call.Arguments[1], out e) is not { } duration)
            return e;
        segments.Add(new ScheduleSegment(rate, rate, duration));
        return null;
    }

    private static ScheduleError? Line(ScheduleCall call, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "from", "to", "duration") is { } e)
            return e;
        if (ScheduleSyntax.Number(call.Arguments[0], "a rate", whole: false, out e) is not { } from)
            return e;
        if (ScheduleSyntax.Number(call.Arguments[1], "a rate", whole: false, out e) is not { } to)
            return e;
        if (ScheduleSyntax.Duration(call.Arguments[2], out e) is not { } duration)
            return e;
        segments.Add(new ScheduleSegment(from, to, duration));
        return null;
    }

    private static ScheduleError? Step(ScheduleCall call, List<ScheduleSegment> segments)
    {
        if (ScheduleSyntax.Arity(call, "from", "to", "increment", "step duration") is { } e)
            return e;
        if (ScheduleSyntax.Number(call.Arguments[0], "a rate", whole: false, out e) is not { } from)
            return e;
        if (ScheduleSyntax.Number(call.Arguments[1], "a rate", whole: false, out e) is not { } to)
            return e;
        if (ScheduleSyntax.Number(call.Arguments[2], "an increment", whole: false, out e) is not { } increment)
            return e;
        if (increment == 0)
            return new ScheduleError(call.Arguments[2].Column, "the increment must be more than zero");
        if (ScheduleSyntax.Duration(call.Arguments[3], out e) is not { } duration)
            return e;
        return Steps(call, from, to, increment, duration, segments);
    }

    /// <summary>Expands a step into constant pieces; shared with user schedules.</summary>
    internal static ScheduleError? Steps(ScheduleCall call, double from, double to, double increment, TimeSpan duration, List<ScheduleSegment> segments)
    {
        const int MaxSteps = 100_000;
        var count = (long)Math.Floor(Math.Abs(to - from) / increment + 1e-9) + 1;
        if (count > MaxSteps)
            return new ScheduleError(call.Arguments[2].Column, $"the step makes {count} steps; at most {MaxSteps} are allowed");
        var sign = to >= from ? 1 : -1;
        for (long i = 0; i < count; i++)
        {
            var value = from + sign * increment * i;
            segments.Add(new ScheduleSegment(value, value, duration));
        }
        return null;
    }

    private static long CountBelow(double n) => n <= 0 ? 0 : (long)Math.Ceiling(n - 1e-9);

    private int SegmentAt(double seconds)
    {
        // The last segment starting at or before t; zero-length segments are passed over.
        var i = Array.BinarySearch(_startSeconds, 0, _segments.Length, seconds);
        if (i < 0)
            i = ~i - 1;
        while (i + 1 < _segments.Length && _startSeconds[i + 1] <= seconds)
            i++;
        return i;
    }

    /// <summary>The first instant N exceeds <paramref name="n"/> (0 ≤ n &lt; total).</summary>
    private TimeSpan Inverse(double n)
    {
        // The first segment whose end count exceeds n: it has arrivals, and n falls inside it.
        var lo = 0;
        var hi = _segments.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_startArrivals[mid + 1] > n)
                hi = mid;
            else
                lo = mid + 1;
        }
        var s = _segments[lo];
        var within = n - _startArrivals[lo];
        var length = s.Duration.TotalSeconds;
        // Solves From·τ + (To − From)/(2·length)·τ² = within in the form that stays exact when From = 0 or To = From.
        var a = (s.To - s.From) / (2 * length);
        var tau = within <= 0 ? 0 : 2 * within / (s.From + Math.Sqrt(Math.Max(0, s.From * s.From + 4 * a * within)));
        var seconds = Math.Min(_startSeconds[lo] + tau, _startSeconds[lo + 1]);
        return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }
}
