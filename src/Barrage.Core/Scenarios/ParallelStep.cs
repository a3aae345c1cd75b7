using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// Branches in flight at once, at most <c>limit</c>: each lane takes the next branch until none is left; the first
/// lane uses the user's connection, the others borrow connections of the user's own. Ends when all branches end.
/// </summary>
internal sealed class ParallelStep(Step[] branches, int? limit) : Step
{
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        var lanes = Math.Min(limit ?? branches.Length, branches.Length);
        var next = -1;
        var cut = 0;
        var tasks = new Task[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            var own = lane == 0 ? transport : user.BorrowTransport();
            tasks[lane] = RunLaneAsync(own, own != transport);
        }
        await Task.WhenAll(tasks);
        return cut == 0;

        async Task RunLaneAsync(ITransport laneTransport, bool borrowed)
        {
            try
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < branches.Length)
                {
                    if (!await branches[index].RunAsync(user, laneTransport, soft))
                        Interlocked.Exchange(ref cut, 1);
                }
            }
            finally
            {
                if (borrowed)
                    user.ReturnTransport(laneTransport);
            }
        }
    }
}
