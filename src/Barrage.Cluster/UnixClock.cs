namespace Barrage.Cluster;

/// <summary>Wall-clock time in Unix microseconds, the unit start instants and clock readings travel in.</summary>
internal static class UnixClock
{
    public static long NowUs(TimeProvider? time = null) => ((time ?? TimeProvider.System).GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;

    /// <summary>Waits until the clock reads <paramref name="unixUs"/>: a timer to just before, then short sleeps.</summary>
    public static async Task WaitUntilAsync(long unixUs, CancellationToken cancel)
    {
        while (true)
        {
            var left = unixUs - NowUs();
            if (left <= 0)
                return;
            await Task.Delay(TimeSpan.FromMicroseconds(left > 20_000 ? left - 10_000 : Math.Max(left, 1000)), cancel).ConfigureAwait(false);
        }
    }
}
