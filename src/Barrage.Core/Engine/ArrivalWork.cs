using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// What one arrival of the open model does on a slot: the next request of a feed (ammo), or one iteration of
/// <c>main</c>; plus a slot's set-up (<c>init</c>) before its first arrival and its <c>end</c> when the run stops.
/// The runner decides when and where; this decides what, so a richer iteration only changes this type.
/// </summary>
internal sealed class ArrivalWork(CompiledScenario scenario, RequestFeed? feed, RequestTimer timer, RunProgress progress)
{
    /// <summary>Runs the arrival scheduled at <paramref name="scheduledUs"/>; false when the feed is spent and there was nothing to send.</summary>
    public async ValueTask<bool> RunAsync(OpenModelSlot slot, long scheduledUs, CancellationToken hard)
    {
        if (!slot.Initialized)
        {
            slot.Initialized = true;
            foreach (var request in scenario.Init)
            {
                if (hard.IsCancellationRequested)
                    break;
                await timer.SendAsync(slot.Transport, request, null, hard).ConfigureAwait(false);
            }
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
            await timer.SendAsync(slot.Transport, request, scheduledUs, hard).ConfigureAwait(false);
        }
        else
        {
            progress.ArrivalSent();
            long? scheduled = scheduledUs;
            foreach (var request in scenario.Main)
            {
                if (hard.IsCancellationRequested)
                    break;
                await timer.SendAsync(slot.Transport, request, scheduled, hard).ConfigureAwait(false);
                scheduled = null;
            }
        }
        progress.ArrivalCompleted();
        return true;
    }

    /// <summary>Runs the slot's <c>end</c> (if it ever started) while <paramref name="hard"/> allows, then closes its transport.</summary>
    public async Task EndAsync(OpenModelSlot slot, CancellationToken hard)
    {
        try
        {
            if (slot.Initialized)
            {
                foreach (var request in scenario.End)
                {
                    if (hard.IsCancellationRequested)
                        break;
                    await timer.SendAsync(slot.Transport, request, null, hard).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await slot.Transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
