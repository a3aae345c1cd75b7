namespace Barrage.Plans;

/// <summary>How a think time is drawn.</summary>
public enum ThinkKind
{
    /// <summary>Always <see cref="ThinkTime.Min"/>.</summary>
    Fixed,

    /// <summary>Uniformly between <see cref="ThinkTime.Min"/> and <see cref="ThinkTime.Max"/>.</summary>
    Uniform,

    /// <summary>Exponentially distributed with mean <see cref="ThinkTime.Mean"/> (Poisson-like pauses).</summary>
    Exponential,

    /// <summary>Normally distributed with <see cref="ThinkTime.Mean"/> and <see cref="ThinkTime.StdDev"/>, never below zero.</summary>
    Normal,
}
