using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Transport;

namespace Barrage.Reporting.Summaries;

/// <summary>What a run did, as the end summary and <c>summary.json</c> show it.</summary>
public sealed record RunSummary
{
    public required string Name { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    public required StopReason StopReason { get; init; }

    /// <summary>Users the plan ran (closed model).</summary>
    public int Users { get; init; }

    public long Requests { get; init; }

    /// <summary>Completed requests per second over the run's duration.</summary>
    public double Rps => Duration > TimeSpan.Zero ? Requests / Duration.TotalSeconds : 0;

    /// <summary>Exchanges that completed with a status below 400.</summary>
    public long Successes { get; init; }

    /// <summary>Transport failures plus responses with a status of 400 or more.</summary>
    public long Errors => NetErrors + HttpErrors;

    public long NetErrors { get; init; }

    public long HttpErrors { get; init; }

    /// <summary>Failed checks (counted separately from errors), extractions that found nothing included.</summary>
    public long CheckFailures { get; init; }

    /// <summary>Passed checks, extractions that found their value included.</summary>
    public long ChecksPassed { get; init; }

    /// <summary>Verdicts by check and tag, ordered by check name then tag; empty when no check ran.</summary>
    public IReadOnlyList<CheckSummary> Checks { get; init; } = [];

    /// <summary>Service time: from the actual start of each request to its end.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Response time: from the scheduled start of each request to its end.</summary>
    public required LatencySummary ResponseTime { get; init; }

    /// <summary>Closed (users) or open (arrivals on a schedule).</summary>
    public Plans.LoadModel Model { get; init; }

    /// <summary>Open model: arrivals whose scheduled time came during the run.</summary>
    public long Planned { get; init; }

    /// <summary>Open model: arrivals that were sent.</summary>
    public long Sent { get; init; }

    /// <summary>Open model: arrivals that were sent and finished.</summary>
    public long Completed { get; init; }

    /// <summary>Open model: arrivals never sent because no slot was free in time (net code 777).</summary>
    public long Dropped { get; init; }

    /// <summary>Open model: the seed of Poisson arrivals; null for even ones.</summary>
    public int? Seed { get; init; }

    /// <summary>Actual start minus scheduled start of every request.</summary>
    public LatencySummary DispatchLag { get; init; } = LatencySummary.Empty;

    public long BytesIn { get; init; }

    public long BytesOut { get; init; }

    /// <summary>Results by status key (<see cref="Metrics.Outcomes.StatusKey"/>): HTTP statuses, and web-socket successes under a key below 100.</summary>
    public IReadOnlyDictionary<int, long> StatusCodes { get; init; } = new Dictionary<int, long>();

    /// <summary>Responses by HTTP status code: <see cref="StatusCodes"/> without the keys of other kinds.</summary>
    public IReadOnlyDictionary<int, long> HttpStatusCodes => Metrics.Outcomes.HttpStatuses(StatusCodes);

    /// <summary>The outcomes table (<see cref="Metrics.Outcomes.Table"/>): HTTP classes and errors, web-socket successes, net failures.</summary>
    public IReadOnlyList<OutcomeRow> Outcomes => Metrics.Outcomes.Table(StatusCodes, NetCodes);

    /// <summary>Requests by transport code (0 = completed).</summary>
    public IReadOnlyDictionary<int, long> NetCodes { get; init; } = new Dictionary<int, long>();

    /// <summary>The thresholds' verdicts, in the order they were given; empty without thresholds.</summary>
    public IReadOnlyList<Thresholds.ThresholdOutcome> Thresholds { get; init; } = [];

    /// <summary>A cluster run's agents, in share order: what each did and whether it was lost; empty for a run in one process.</summary>
    public IReadOnlyList<AgentSummary> Agents { get; init; } = [];

    /// <summary>Each tag's requests, rate and latency, in ordinal order of the tags (none when the summary was made without its series).</summary>
    public IReadOnlyList<TagSummary> Tags { get; init; } = [];

    /// <summary>Responses by status class: "2xx", "4xx"..., in ordinal order of the class.</summary>
    /// <remarks>In loops, not LINQ, for the reason given at <see cref="From"/>.</remarks>
    public IReadOnlyDictionary<string, long> StatusClasses
    {
        get
        {
            var sums = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var kv in HttpStatusCodes)
            {
                var statusClass = $"{kv.Key / 100}xx";
                sums[statusClass] = sums.GetValueOrDefault(statusClass) + kv.Value;
            }
            var classes = new string[sums.Count];
            sums.Keys.CopyTo(classes, 0);
            Array.Sort(classes, StringComparer.Ordinal);
            var ordered = new Dictionary<string, long>(classes.Length);
            foreach (var statusClass in classes)
                ordered.Add(statusClass, sums[statusClass]);
            return ordered;
        }
    }

    /// <summary>Requests still in flight when the graceful stop ran out, cancelled then (<see cref="Transport.NetCodes.Cancelled"/>): counted in <see cref="NetErrors"/>, but no sign of a fault in the target.</summary>
    public long CutAtStop => NetCodes.GetValueOrDefault(Transport.NetCodes.Cancelled);

    /// <summary>
    /// True when requests were made and none reached the target (refused, unresolvable, TLS failed). Requests cut at
    /// the graceful stop may be among them, but they alone say nothing about the target: at least one request must
    /// have failed to reach it.
    /// </summary>
    public bool TargetUnreachable
    {
        get
        {
            var unreachable = false;
            // A loop, not LINQ's All: see From.
            foreach (var kv in NetCodes)
            {
                if (Transport.NetCodes.IsUnreachable(kv.Key))
                    unreachable = true;
                else if (kv.Key != Transport.NetCodes.Cancelled)
                    return false;
            }
            return unreachable;
        }
    }

    /// <summary>The summary of a run from its outcome and its total aggregate; open-model counts are added by the caller.</summary>
    /// <remarks>
    /// The counts are copied in loops, not with LINQ: LINQ over their pairs (structs) is generic code compiled at run
    /// time, which every run paid for at its end. Without checks, their LINQ is skipped for the same reason.
    /// </remarks>
    public static RunSummary From(string name, string target, int users, RunOutcome outcome, Aggregate total)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(total);
        var statusCodes = new Dictionary<int, long>();
        foreach (var kv in total.StatusCounts)
        {
            if (kv.Key != 0)
                statusCodes.Add(kv.Key, kv.Value);
        }
        return new RunSummary
        {
            Name = name,
            Target = target,
            Users = users,
            StartedAt = outcome.StartedAt,
            Duration = outcome.Elapsed,
            StopReason = outcome.Reason,
            Requests = total.Requests,
            Successes = total.Successes,
            NetErrors = total.NetErrors,
            HttpErrors = total.HttpErrors,
            Latency = LatencySummary.From(total.ServiceTime),
            ResponseTime = LatencySummary.From(total.ResponseTime),
            DispatchLag = LatencySummary.From(total.DispatchLag),
            Dropped = total.Dropped,
            BytesIn = total.BytesIn,
            BytesOut = total.BytesOut,
            StatusCodes = statusCodes,
            NetCodes = new Dictionary<int, long>(total.NetCodeCounts),
            ChecksPassed = total.ChecksTotal.Passed,
            CheckFailures = total.ChecksTotal.Failed,
            Checks = total.Checks.Count == 0 ? [] : total.Checks
                .OrderBy(kv => kv.Key.Check, StringComparer.Ordinal).ThenBy(kv => kv.Key.Tag, StringComparer.Ordinal)
                .Select(kv => new CheckSummary(kv.Key.Check, kv.Key.Tag, kv.Value.Passed, kv.Value.Failed))
                .ToList(),
        };
    }
}
