namespace Barrage.Reporting.Reports;

/// <summary>
/// Everything a report shows of one run, built from the run store by <see cref="ReportBuilder"/>; the JSON report
/// is this record (snake_case keys, documented in ARCHITECTURE.md) and the HTML report embeds it.
/// </summary>
public sealed record RunReport
{
    /// <summary>The report format's version; a change that removes or renames a key raises it.</summary>
    public int Schema { get; init; } = 1;

    public required ReportRun Run { get; init; }

    /// <summary>The whole run, all tags together.</summary>
    public required ReportFigures Total { get; init; }

    /// <summary>Each tag's totals, by tag name.</summary>
    public required IReadOnlyList<ReportFigures> Tags { get; init; }

    /// <summary>Connect, send, latency (to first byte) and receive, over the whole run.</summary>
    public required IReadOnlyList<ReportPhase> Phases { get; init; }

    public required IReadOnlyList<ReportThreshold> Thresholds { get; init; }

    /// <summary>One row per second per tag, and one per second for all tags (<c>tag</c> null, with the gauges).</summary>
    public required IReadOnlyList<ReportSecond> Seconds { get; init; }

    /// <summary>Service time of the whole run in buckets of 1-2-5 steps (µs).</summary>
    public required IReadOnlyList<ReportBucket> Distribution { get; init; }

    /// <summary>A cluster run's agents: each one's share, counts, clock offset and when it was lost; empty for one process.</summary>
    public IReadOnlyList<Summaries.AgentSummary> Agents { get; init; } = [];
}
