namespace Barrage.Plans;

/// <summary>A pause a user takes: fixed (<c>2s</c>), a range (<c>1s..3s</c>), <c>exponential: 2s</c> or <c>normal: {mean, stddev}</c>.</summary>
public sealed record ThinkTime
{
    /// <summary>The distribution.</summary>
    public required ThinkKind Kind { get; init; }

    /// <summary>The fixed time, or the low end of a range.</summary>
    public TimeSpan Min { get; init; }

    /// <summary>The high end of a range.</summary>
    public TimeSpan Max { get; init; }

    /// <summary>The mean of an exponential or normal distribution.</summary>
    public TimeSpan Mean { get; init; }

    /// <summary>The standard deviation of a normal distribution.</summary>
    public TimeSpan StdDev { get; init; }

    /// <summary>Always <paramref name="time"/>.</summary>
    public static ThinkTime Fixed(TimeSpan time) => new() { Kind = ThinkKind.Fixed, Min = time, Max = time };

    /// <summary>Uniform between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static ThinkTime Between(TimeSpan min, TimeSpan max) => new() { Kind = ThinkKind.Uniform, Min = min, Max = max };

    /// <summary>Exponential with mean <paramref name="mean"/>.</summary>
    public static ThinkTime Exponential(TimeSpan mean) => new() { Kind = ThinkKind.Exponential, Mean = mean };

    /// <summary>Normal with <paramref name="mean"/> and <paramref name="stdDev"/>.</summary>
    public static ThinkTime Normal(TimeSpan mean, TimeSpan stdDev) => new() { Kind = ThinkKind.Normal, Mean = mean, StdDev = stdDev };

    /// <summary>Draws one pause from <paramref name="random"/>.</summary>
    public TimeSpan Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double ticks = Kind switch
        {
            ThinkKind.Fixed => Min.Ticks,
            ThinkKind.Uniform => Min.Ticks + random.NextDouble() * (Max.Ticks - Min.Ticks),
            ThinkKind.Exponential => -Math.Log(1 - random.NextDouble()) * Mean.Ticks,
            // Box-Muller: two uniforms make one standard normal.
            _ => Mean.Ticks + StdDev.Ticks * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()),
        };
        return TimeSpan.FromTicks((long)Math.Clamp(ticks, 0, TimeSpan.FromHours(24).Ticks));
    }
}
