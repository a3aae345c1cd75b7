using System.Globalization;
using Barrage.Thresholds;

namespace Barrage.Reporting.Thresholds;

/// <summary>A threshold's verdict: what was measured, in the unit the limit was written in, and whether it passed.</summary>
/// <param name="Expression">The expression as written.</param>
/// <param name="Value">The measured value in <paramref name="Unit"/>; null when there was nothing to measure.</param>
/// <param name="Unit">The unit of the limit and of <paramref name="Value"/>.</param>
/// <param name="Passed">True when the value meets the threshold; a threshold with nothing to measure fails.</param>
/// <param name="Note">Why there was nothing to measure, or another remark; null otherwise.</param>
public sealed record ThresholdOutcome(string Expression, double? Value, ThresholdUnit Unit, bool Passed, string? Note = null)
{
    /// <summary>The value as people read it: <c>12.34ms</c>, <c>0.52%</c>, <c>431.2</c>, or <c>n/a</c>.</summary>
    public string ValueText => Value is not { } v
        ? "n/a"
        : Unit switch
        {
            ThresholdUnit.Milliseconds => Number(v) + "ms",
            ThresholdUnit.Seconds => Number(v) + "s",
            ThresholdUnit.Microseconds => Number(v) + "us",
            ThresholdUnit.Percent => Number(v) + "%",
            _ => Number(v),
        };

    private static string Number(double v) => v == Math.Floor(v) && Math.Abs(v) < 1e15
        ? v.ToString("0", CultureInfo.InvariantCulture)
        : v.ToString(Math.Abs(v) >= 100 ? "0.0" : Math.Abs(v) >= 1 ? "0.00" : "0.####", CultureInfo.InvariantCulture);
}
