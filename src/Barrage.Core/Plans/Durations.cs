using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Barrage.Plans;

/// <summary>Reads and writes durations as plans write them: <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>1500ms</c>, <c>0.5s</c>; a bare number is seconds.</summary>
/// <remarks>
/// Units are <c>h</c>, <c>m</c>, <c>s</c> and <c>ms</c>, each at most once and from the largest to the smallest,
/// so <c>1m30s</c> reads one way only. Every part may have a fraction (<c>1.5h</c>). Negative durations are refused.
/// Shared by plans, schedules (<c>line(1, 10, 30s)</c>) and command-line options.
/// </remarks>
public static class Durations
{
    // Largest first: the order in which units must be written.
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, in words fit for a user.</summary>
    public static bool TryParse(string text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0)
        {
            error = Expected(text);
            return false;
        }
        if (s[0] == '-' && s.Length > 1)
        {
            error = $"a duration cannot be negative, got {PlanRules.Quote(text)}";
            return false;
        }

        decimal ticks = 0;
        var pos = 0;
        var lastUnit = -1;
        while (pos < s.Length)
        {
            var start = pos;
            while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] == '.'))
                pos++;
            var number = s[start..pos];
            var unitStart = pos;
            while (pos < s.Length && char.IsAsciiLetter(s[pos]))
                pos++;
            var unit = s[unitStart..pos];

            if (!IsNumber(number))
            {
                error = Expected(text);
                return false;
            }
            if (unit.Length == 0 && (start > 0 || pos < s.Length))
            {
                // A bare number is only seconds when it is the whole text: "1h30" is a slip, not 1h30s.
                error = Expected(text);
                return false;
            }

            var unitIndex = unit.Length == 0 ? Array.FindIndex(Units, u => u.Unit == "s") : Array.FindIndex(Units, u => u.Unit == unit);
            if (unitIndex < 0)
            {
                error = $"unknown unit '{unit}' in duration {PlanRules.Quote(text)}; use h, m, s or ms";
                return false;
            }
            if (unitIndex <= lastUnit)
            {
                error = $"units in duration {PlanRules.Quote(text)} must go from largest to smallest, each once (like 1h30m or 1m30s)";
                return false;
            }
            lastUnit = unitIndex;

            var unitTicks = Units[unitIndex].Ticks;
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || amount > (TimeSpan.MaxValue.Ticks - ticks) / unitTicks)
            {
                error = $"duration {PlanRules.Quote(text)} is too long";
                return false;
            }
            ticks += amount * unitTicks;
        }

        value = TimeSpan.FromTicks((long)decimal.Truncate(ticks));
        error = null;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> the way <see cref="TryParse"/> reads it: <c>1h30m</c>, <c>1m30s</c>, <c>1s500ms</c>, <c>0s</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        if (value == TimeSpan.Zero)
            return "0s";
        var sb = new StringBuilder();
        var rest = value.Ticks;
        foreach (var (unit, unitTicks) in Units)
        {
            var whole = rest / unitTicks;
            rest -= whole * unitTicks;
            var last = unitTicks == TimeSpan.TicksPerMillisecond;
            if (last && rest > 0)
            {
                // Sub-millisecond remainders keep their precision as a fraction of the last unit.
                sb.Append(((decimal)(whole * unitTicks + rest) / unitTicks).ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
            else if (whole > 0)
            {
                sb.Append(whole.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
        return sb.ToString();
    }

    private static bool IsNumber(string s)
    {
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
            return s.Length > 0;
        return dot > 0 && dot < s.Length - 1 && s.IndexOf('.', dot + 1) < 0;
    }

    private static string Expected(string text) =>
        $"expected a duration such as 30s, 5m, 1h30m or 1500ms, got {PlanRules.Quote(text)}";
}
