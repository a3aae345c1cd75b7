using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Repeats its body up to a count, while a condition (checked before each round) holds.</summary>
internal sealed class LoopStep(Step[] body, long? count, Condition? condition) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        var rounds = count ?? long.MaxValue;
        for (long i = 0; i < rounds; i++)
        {
            if (condition is not null && !condition.Evaluate(user))
                break;
            if (!await StepRunner.RunAsync(body, user, transport, soft))
                return false;
        }
        return true;
    }
}
