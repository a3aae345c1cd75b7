using System.Diagnostics;

namespace Barrage.Target.Internal;

/// <summary>Waits that answer no earlier than asked, for endpoints whose delay a client measures.</summary>
internal static class Pause
{
    /// <summary>
    /// Waits at least <paramref name="duration"/> by the monotonic clock. Timers tick on a millisecond clock and can
    /// fire a fraction of a millisecond before the monotonic clock (what clients measure with) has moved that far on,
    /// so whatever is left is waited out too.
    /// </summary>
    public static async Task AtLeastAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.Delay(duration, cancellationToken);
        while (Stopwatch.GetTimestamp() < until)
            await Task.Delay(1, cancellationToken);
    }
}
