using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// Records the sample of an activity that is not an HTTP request (a web-socket step, a plugin's measurement) the way a
/// request's is recorded: on the run's timer, counted in the groups around it, printed with <c>--debug</c>.
/// </summary>
internal static class ActivitySample
{
    /// <summary>Records <paramref name="result"/> under <paramref name="tag"/> for work started at <paramref name="start"/> (<see cref="RequestTimer.Starting"/>).</summary>
    public static Sample Record(VirtualUser user, string tag, long start, long? scheduledUs, in TransportResult result)
    {
        var runtime = user.Runtime;
        var sample = runtime.Timer.Ended(runtime.Label(tag), start, scheduledUs, result);
        foreach (var group in GroupScope.Open ?? [])
            group.Add(result);
        if (runtime.Debug)
        {
            var outcome = result.NetCode == NetCodes.Ok ? "ok" : $"net code {result.NetCode} ({NetCodes.Describe(result.NetCode)})";
            runtime.Log!.Write($"[user {user.UserId}] {tag}: {outcome}, {sample.TotalUs} µs, {result.BytesOut} bytes out, {result.BytesIn} in");
        }
        return sample;
    }

    /// <summary>Takes the user's scheduled time (open model; used once) for the sample of the work it starts now.</summary>
    public static long? TakeScheduled(VirtualUser user)
    {
        var scheduled = user.ScheduledUs;
        user.ScheduledUs = null;
        return scheduled;
    }
}
