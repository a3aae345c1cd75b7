using System.Threading.Tasks.Sources;
using Barrage.Scenarios;

namespace Barrage.Engine;

/// <summary>
/// One place for the open model's arrivals to run: a virtual user (its connection and its session's state), served
/// by one long-lived loop that parks while the slot is free and is handed its next arrival (<see cref="Give"/>).
/// </summary>
/// <remarks>
/// A handed arrival continues the parked loop inline, on the thread that hands it over (the lane's loop, or the
/// pacer): no task and no thread-pool item per arrival, only the slot's reusable completion source.
/// </remarks>
/// <param name="user">The slot's user.</param>
/// <param name="lane">The lane (event loop) that drives the user's connection; 0 when pacing has a single lane.</param>
internal sealed class OpenModelSlot(VirtualUser user, int lane) : IValueTaskSource<long>
{
    /// <summary>What <see cref="NextAsync"/> returns when the run is over: the loop ends.</summary>
    public const long Closed = -1;

    private ManualResetValueTaskSourceCore<long> _next = new() { RunContinuationsAsynchronously = false };

    public VirtualUser User { get; } = user;

    /// <summary>The lane that drives the slot's connection: a free slot waits on its lane's list.</summary>
    public int Lane { get; } = lane;

    /// <summary>True once the slot ran its set-up (<c>init</c>).</summary>
    public bool Initialized { get; set; }

    /// <summary>
    /// Readies the slot for its next hand-over. Called by its own loop before the slot is put back as free, so that
    /// a <see cref="Give"/> from another thread (it may come before the loop parks) is kept for it.
    /// </summary>
    public void Park() => _next.Reset();

    /// <summary>Waits for the next arrival's scheduled time (µs), or <see cref="Closed"/>.</summary>
    public ValueTask<long> NextAsync() => new(this, _next.Version);

    /// <summary>Hands the parked loop its next arrival (or <see cref="Closed"/>); the loop continues on this thread.</summary>
    public void Give(long scheduledUs) => _next.SetResult(scheduledUs);

    long IValueTaskSource<long>.GetResult(short token) => _next.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<long>.GetStatus(short token) => _next.GetStatus(token);

    void IValueTaskSource<long>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _next.OnCompleted(continuation, state, token, flags);
}
