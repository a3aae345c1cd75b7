namespace Barrage.Thresholds;

/// <summary>The unit a threshold's limit was written in; measured values are shown in the same unit.</summary>
public enum ThresholdUnit
{
    /// <summary>A plain number: a count, a rate per second, or a share between 0 and 1.</summary>
    None,

    /// <summary>Microseconds (<c>us</c> or <c>µs</c>).</summary>
    Microseconds,

    /// <summary>Milliseconds (<c>ms</c>; also a time written without a unit).</summary>
    Milliseconds,

    /// <summary>Seconds (<c>s</c>).</summary>
    Seconds,

    /// <summary>Percent of requests or checks (<c>%</c>).</summary>
    Percent,
}
