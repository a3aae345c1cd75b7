using Barrage.Engine;
using Barrage.Plans;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>A pause drawn from the user's seeded random source; a stop ends it at once.</summary>
internal sealed class ThinkStep(ThinkTime time) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        var pause = time.Next(user.Random);
        // In end (no soft stop) the pause still ends with the graceful stop.
        return await ClockWait.DelayAsync(user.Runtime.Time, pause, soft.CanBeCanceled ? soft : user.Hard);
    }
}
