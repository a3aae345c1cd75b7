namespace Barrage.Engine;

/// <summary>
/// Waits on a <see cref="TimeProvider"/> without exceptions: the pacer's sleep. Whoever ends the wait (the
/// timer, or the token) runs the continuation at once, so a wake-up is not delayed by a trip through the thread
/// pool, and a fake clock runs everything it wakes inline.
/// </summary>
internal static class ClockWait
{
    /// <summary>Completes with true after <paramref name="delay"/>, or with false as soon as <paramref name="cancel"/> fires.</summary>
    public static Task<bool> DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken cancel)
    {
        if (cancel.IsCancellationRequested)
            return Task.FromResult(false);
        if (delay <= TimeSpan.Zero)
            return Task.FromResult(true);
        var done = new TaskCompletionSource<bool>();
        var timer = time.CreateTimer(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), done, delay, Timeout.InfiniteTimeSpan);
        var registration = cancel.UnsafeRegister(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(false), done);
        _ = done.Task.ContinueWith(
            (_, s) =>
            {
                var (t, r) = ((ITimer, CancellationTokenRegistration))s!;
                t.Dispose();
                r.Dispose();
            },
            (timer, registration), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }
}
