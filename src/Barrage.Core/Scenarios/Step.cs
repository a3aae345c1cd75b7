namespace Barrage.Scenarios;

/// <summary>A compiled activity, ready to run for any user.</summary>
internal abstract class Step
{
    /// <summary>Runs the activity on <paramref name="transport"/>; false when a stop cut it short.</summary>
    /// <param name="user">Whose step it is.</param>
    /// <param name="transport">The connection to use: the user's own, or a parallel branch's.</param>
    /// <param name="soft">Stops the step before its next request (the test's end in init and main; none in end).</param>
    public abstract ValueTask<bool> RunAsync(VirtualUser user, Barrage.Transport.ITransport transport, CancellationToken soft);
}
