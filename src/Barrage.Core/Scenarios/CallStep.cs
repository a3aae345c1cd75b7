using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Runs a named sequence a number of times; the sequence is filled in once all are compiled (calls may come before their sequence).</summary>
internal sealed class CallStep(SequenceStep sequence, long times) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        for (long i = 0; i < times; i++)
        {
            if (!await sequence.RunAsync(user, transport, soft))
                return false;
        }
        return true;
    }
}
