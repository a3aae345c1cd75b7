using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Runs one branch or the other by a condition.</summary>
internal sealed class IfStep(Condition condition, Step[] then, Step[] otherwise) : Step
{
    public override ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft) =>
        StepRunner.RunAsync(condition.Evaluate(user) ? then : otherwise, user, transport, soft);
}
