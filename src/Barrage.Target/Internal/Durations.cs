using System.Globalization;

namespace Barrage.Target.Internal;

/// <summary>Parses the short durations the endpoints take in query strings: <c>1500ms</c>, <c>10s</c>, <c>1m</c>, <c>1h</c>.</summary>
internal static class Durations
{
    /// <summary>Parses a non-negative number (fractions allowed) followed by a unit; a unit is required.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        int unitStart = text.Length;
        while (unitStart > 0 && char.IsAsciiLetter(text[unitStart - 1]))
            unitStart--;
        var number = text[..unitStart];
        var unit = text[unitStart..];
        if (number.IsEmpty || !char.IsAsciiDigit(number[0])
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return false;

        double milliseconds = unit switch
        {
            "ms" => value,
            "s" => value * 1_000,
            "m" => value * 60_000,
            "h" => value * 3_600_000,
            _ => double.NaN,
        };
        // a bound far beyond any sane stall or delay keeps TimeSpan from overflowing
        if (double.IsNaN(milliseconds) || milliseconds > TimeSpan.FromDays(1).TotalMilliseconds)
            return false;
        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }
}
