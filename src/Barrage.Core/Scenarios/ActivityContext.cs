using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>A user as a <see cref="ICustomActivity"/> sees it for one run of the activity.</summary>
internal sealed class ActivityContext(VirtualUser user, Uri baseAddress) : IActivityContext
{
    public long UserId => user.UserId;

    public long Iteration => user.Iteration;

    public Random Random => user.Random;

    public IVariableScope Variables => user;

    public Uri BaseAddress => baseAddress;

    public TransportOptions Transport => user.Runtime.TransportOptions;

    public CancellationToken Stopping => user.Hard;

    public string Render(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return user.Runtime.TemplateOf(text).Render(user);
    }

    public async ValueTask<TransportResult> MeasureAsync(string tag, Func<CancellationToken, ValueTask<TransportResult>> operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentNullException.ThrowIfNull(operation);
        var scheduled = ActivitySample.TakeScheduled(user);
        var start = user.Runtime.Timer.Starting();
        TransportResult result;
        try
        {
            result = await operation(user.Hard);
        }
        catch (Exception e)
        {
            user.Runtime.Log?.Write($"[user {user.UserId}] {tag} failed: {e.GetType().Name}: {e.Message}");
            result = TransportResult.Failed(FailureCode(e, user.Hard));
        }
        // Without an HTTP status of its own, a measurement is the plugin's kind, so the outcomes table counts its successes.
        if (result is { Kind: OutcomeKind.Http, StatusCode: 0 })
            result = result with { Kind = OutcomeKind.Custom };
        ActivitySample.Record(user, Tag(tag), start, scheduled, result);
        return result;
    }

    public void Log(string message) => user.Runtime.Log?.Write($"[user {user.UserId}] {message}");

    /// <summary>The net code of an exception that escaped an activity: cancelled when the run was stopping, else 1099.</summary>
    public static int FailureCode(Exception e, CancellationToken hard) =>
        e is OperationCanceledException && hard.IsCancellationRequested ? NetCodes.Cancelled : NetCodes.Other;

    // Tags end up in tab-separated result files: a plugin's tag is made safe rather than trusted.
    private static string Tag(string tag) => tag.Any(char.IsControl) ? string.Concat(tag.Select(c => char.IsControl(c) ? ' ' : c)) : tag;
}
