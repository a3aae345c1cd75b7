using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// A named transaction: its steps run in order, then one sample tagged with its name records the time from the
/// start of the first to the end of the last, the bytes of its requests and their worst outcome.
/// </summary>
/// <remarks>A group cut short by a stop records nothing: its time would not be a transaction's.</remarks>
internal sealed class GroupStep(string name, Step[] body) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        var timing = new GroupTiming();
        var timer = user.Runtime.Timer;
        var scheduled = user.ScheduledUs;
        var start = user.Runtime.Time.GetTimestamp();
        // Entered in this async method, the group is open for its body only: the caller's context is untouched.
        GroupScope.Enter(timing);
        var done = await StepRunner.RunAsync(body, user, transport, soft);
        if (done)
            timer.RecordGroup(name, start, scheduled, timing.Result());
        return done;
    }
}
