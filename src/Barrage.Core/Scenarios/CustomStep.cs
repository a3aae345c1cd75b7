using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Runs a <see cref="ICustomActivity"/> (a plugin's, or one added in C#) for a user; what escapes it becomes a sample, not a crash.</summary>
internal sealed class CustomStep(string kind, ICustomActivity activity, Uri baseAddress, PluginLoad? plugin) : Step
{
    /// <summary>
    /// The plugin the activity came from: held, never used, so that a compiled scenario keeps its plugins
    /// loaded for as long as it can run, even once its plan is dropped.
    /// </summary>
    public PluginLoad? Plugin { get; } = plugin;

    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
            return false;
        var context = new ActivityContext(user, baseAddress);
        var start = user.Runtime.Time.GetTimestamp();
        try
        {
            await activity.RunAsync(context);
        }
        catch (Exception e)
        {
            _ = user.Runtime.Timer.Starting(); // counted in flight only now, as the sample's other half ends it
            ActivitySample.Record(user, kind, start, null, TransportResult.Failed(ActivityContext.FailureCode(e, user.Hard)));
            user.Runtime.Log?.Write($"[user {user.UserId}] {kind} failed: {e.GetType().Name}: {e.Message}");
        }
        return true;
    }
}
