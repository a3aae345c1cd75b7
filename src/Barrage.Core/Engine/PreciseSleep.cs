using System.Runtime.InteropServices;

namespace Barrage.Engine;

/// <summary>
/// Sub-millisecond sleeps for the pacer thread. <see cref="Thread.Sleep(int)"/> counts in milliseconds, and
/// Linux adds a thread's timer slack (50 µs by default) to every sleep; on Linux this sleeps with
/// <c>nanosleep</c> after setting the calling thread's slack to 1 ns, which brings a 100 µs sleep within
/// ~10–20 µs of its end on an idle machine. Elsewhere it falls back to yielding.
/// </summary>
internal static partial class PreciseSleep
{
    private const int PrSetTimerSlack = 29;
    private static bool s_native = OperatingSystem.IsLinux();

    /// <summary>Asks for the finest timer slack for the calling thread (Linux); returns false where that is not possible.</summary>
    public static bool TightenTimerSlack()
    {
        if (!s_native)
            return false;
        try
        {
            return prctl(PrSetTimerSlack, 1, 0, 0, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_native = false;
            return false;
        }
    }

    /// <summary>Sleeps for about <paramref name="us"/> microseconds: never less, more by the timer's overshoot.</summary>
    /// <returns>False where sub-millisecond sleeps are not available and it only yielded.</returns>
    public static bool Sleep(long us)
    {
        if (us <= 0)
            return true;
        if (s_native)
        {
            try
            {
                var request = new TimeSpec { Seconds = us / 1_000_000, Nanoseconds = us % 1_000_000 * 1000 };
                // An interrupted sleep (EINTR) returns early; the caller looks at the clock and sleeps again.
                _ = nanosleep(ref request, IntPtr.Zero);
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_native = false;
            }
        }
        if (us >= 2000)
            Thread.Sleep((int)(us / 1000) - 1);
        else
            Thread.Yield();
        return false;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable CA5392, SYSLIB1054 // libc is the system's own library; a blittable signature needs no marshalling generator.
    [DllImport("libc", SetLastError = false)]
    private static extern int nanosleep(ref TimeSpec request, IntPtr remaining);

    [DllImport("libc", SetLastError = false)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
#pragma warning restore CA5392, SYSLIB1054
}
