using System.Diagnostics;

namespace Barrage;

/// <summary>Conversions between <see cref="Stopwatch"/> ticks and the units results are kept in.</summary>
public static class Timing
{
    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static long ToMicros(long ticks) => (long)(ticks * MicrosPerTick);

    public static long FromMicros(long micros) => (long)(micros / MicrosPerTick);

    public static long ElapsedMicros(long startTicks) => ToMicros(Stopwatch.GetTimestamp() - startTicks);
}
