using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Summaries;

namespace Barrage.Reporting.Store;

/// <summary>Rebuilds a run's summary from the store: its record and the totals of its series.</summary>
public static class StoredSummary
{
    /// <summary>The summary <paramref name="run"/> had, with <paramref name="totals"/> read from its series.</summary>
    public static RunSummary Build(StoredRun run, SeriesTotals totals)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(totals);
        var all = totals.Overall;
        return new RunSummary
        {
            Name = run.Name,
            Target = run.Target,
            Users = run.Users,
            StartedAt = run.StartedAt,
            Duration = run.Duration,
            StopReason = Enum.TryParse<StopReason>(run.StopReason, ignoreCase: true, out var reason) ? reason : StopReason.Completed,
            Requests = all.Requests,
            Successes = all.Successes,
            NetErrors = all.NetErrors,
            HttpErrors = all.HttpErrors,
            Latency = LatencySummary.From(all.ServiceTime),
            ResponseTime = LatencySummary.From(all.ResponseTime),
            BytesIn = all.BytesIn,
            BytesOut = all.BytesOut,
            StatusCodes = all.StatusCounts.Where(kv => kv.Key != 0).ToDictionary(),
            NetCodes = all.NetCodeCounts.ToDictionary(),
            Thresholds = run.Thresholds,
            Agents = run.Agents,
            Tags = TagSummary.From(totals, run.Duration),
        };
    }
}
