using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Steps in order, as one step: the body of a parallel branch, a loop, an if, a group or a call.</summary>
internal sealed class SequenceStep(Step[] steps) : Step
{
    public Step[] Steps { get; set; } = steps;

    public override ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft) =>
        StepRunner.RunAsync(Steps, user, transport, soft);
}
