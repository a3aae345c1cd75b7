namespace Barrage.Engine;

/// <summary>
/// Runs a pacing loop on a thread of its own, so that its wake-ups never wait for a timer thread or a turn
/// in the thread pool. The loop's waits block that thread (<see cref="SpinPacerWait"/>), so the whole loop
/// runs there; whatever it starts continues wherever its own awaits complete.
/// </summary>
internal static class PacerThread
{
    /// <summary>Starts <paramref name="loop"/> on a new background thread; the task completes when the loop does.</summary>
    public static Task Run(Func<Task> loop, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                PreciseSleep.TightenTimerSlack();
                loop().GetAwaiter().GetResult();
                done.SetResult();
            }
#pragma warning disable CA1031 // The loop's failure belongs to whoever awaits the run, not to this thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.UnsafeStart(); // the caller's execution context stays behind, as in EventLoop: arrivals start from a clean one
        return done.Task;
    }
}
