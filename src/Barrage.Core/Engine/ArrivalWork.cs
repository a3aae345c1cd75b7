using System.Runtime.CompilerServices;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// What one arrival of the open model does on a slot: the next request of a feed (ammo), or one iteration of
/// <c>main</c>; plus a slot's set-up (<c>init</c>) before its first arrival and its <c>end</c> when the run stops.
/// The runner decides when and where; this decides what.
/// </summary>
internal sealed class ArrivalWork(CompiledScenario scenario, RequestFeed? feed, RequestTimer timer, RunProgress progress)
{
    private readonly PreparedRequest? _single = feed is null ? scenario.SingleFixedRequest : null;

    /// <summary>What <see cref="TryStart"/> found the arrival to be.</summary>
    public enum Start
    {
        /// <summary>One fixed request: the caller sends it and hands the result to <see cref="Finish"/>.</summary>
        Send,

        /// <summary>The arrival is over already (its data ran out).</summary>
        Done,

        /// <summary>Anything else: the caller runs it through <see cref="RunAsync"/>.</summary>
        Slow,
    }

    /// <summary>
    /// The fast path of <see cref="RunAsync"/>: when the arrival is exactly one fixed request (the next of a feed, or
    /// a <c>main</c> of one plain request on a slot that ran its <c>init</c> and has no session), counts it as sent and
    /// gives the request, so the caller awaits the transport itself, with no state machine of this class or of the
    /// scenario's in between. Whatever it does, <see cref="RunAsync"/> would have done.
    /// </summary>
    public Start TryStart(OpenModelSlot slot, CancellationToken hard, out PreparedRequest? request)
    {
        request = null;
        if (!slot.Initialized || hard.IsCancellationRequested)
            return Start.Slow;
        if (feed is not null)
        {
            // A spent feed is the slow path's to report (it finds it spent again).
            if (!feed.TryNext(out var next))
                return Start.Slow;
            progress.ArrivalSent();
            request = next;
            return Start.Send;
        }
        if (_single is null || slot.User.Session.IsActive)
            return Start.Slow;
        progress.ArrivalSent();
        slot.User.Iteration++;
        if (!scenario.BeginIteration(slot.User))
        {
            progress.ArrivalCompleted();
            return Start.Done;
        }
        request = _single;
        return Start.Send;
    }

    /// <summary>Records the request <see cref="TryStart"/> gave, sent at <paramref name="start"/>, and ends its arrival.</summary>
    public void Finish(PreparedRequest request, long start, long scheduledUs, in TransportResult result)
    {
        timer.Ended(request, start, scheduledUs, result);
        progress.ArrivalCompleted();
    }

    /// <summary>Runs the arrival scheduled at <paramref name="scheduledUs"/>; false when the feed is spent and there was nothing to send.</summary>
    /// <remarks>Pooled: every arrival awaits a response, so an unpooled state machine would be an allocation per arrival.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> RunAsync(OpenModelSlot slot, long scheduledUs, CancellationToken hard)
    {
        if (!slot.Initialized)
        {
            slot.Initialized = true;
            if (!await CompiledScenario.RunAsync(scenario.Init, slot.User, CancellationToken.None).ConfigureAwait(false) && !hard.IsCancellationRequested)
                return true; // init stopped this user (a check's stop_user): the arrival did nothing more
        }
        if (hard.IsCancellationRequested)
        {
            timer.RecordDropped(scheduledUs, timer.ElapsedUs);
            return true;
        }
        if (feed is not null)
        {
            if (!feed.TryNext(out var request))
                return false;
            progress.ArrivalSent();
            await timer.SendAsync(slot.User.Transport, request, scheduledUs, hard).ConfigureAwait(false);
        }
        else
        {
            // One iteration of main, its first request scheduled at the arrival's time.
            progress.ArrivalSent();
            slot.User.ScheduledUs = scheduledUs;
            slot.User.Iteration++;
            // stop_user in the open model: the arrival ends here; the slot's session goes on serving arrivals.
            if (scenario.BeginIteration(slot.User)
                && !await CompiledScenario.RunAsync(scenario.Main, slot.User, CancellationToken.None).ConfigureAwait(false))
                slot.User.Failed = Scenarios.CheckFailureAction.Continue;
        }
        progress.ArrivalCompleted();
        return true;
    }

    /// <summary>Runs the slot's <c>end</c> (if it ever started) while the hard stop allows, then closes its connection.</summary>
    public async Task EndAsync(OpenModelSlot slot, CancellationToken hard)
    {
        try
        {
            if (slot.Initialized && !hard.IsCancellationRequested)
                await CompiledScenario.RunAsync(scenario.End, slot.User, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await slot.User.DisposeAsync().ConfigureAwait(false);
        }
    }
}
