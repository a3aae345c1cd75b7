using System.Runtime.CompilerServices;
using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Runs a sequence of steps for a user, stopping before the next step once a stop came.</summary>
internal static class StepRunner
{
    /// <summary>Runs <paramref name="steps"/> in order; false when cut short.</summary>
    /// <remarks>
    /// A plain request (no macro, no timeout, no debug) is awaited right here rather than through its step, so a
    /// scenario of fixed requests costs one pooled state machine per sequence, not one per request: the fast path
    /// of fixed requests stays what it was before scenarios had steps.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<bool> RunAsync(Step[] steps, VirtualUser user, ITransport transport, CancellationToken soft)
    {
        var timer = user.Runtime.Timer;
        foreach (var step in steps)
        {
            if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
                return false;
            if (step is RequestStep { Fixed: { } request } && GroupScope.Open is null && !user.Session.IsActive)
            {
                var scheduled = user.ScheduledUs;
                user.ScheduledUs = null;
                var start = timer.Starting();
                timer.Ended(request, start, scheduled, await GuardedSend.Start(transport, request, user.Hard));
                continue;
            }
            if (!await step.RunAsync(user, transport, soft))
                return false;
        }
        return true;
    }
}
