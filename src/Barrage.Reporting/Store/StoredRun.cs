using Barrage.Reporting.Thresholds;

namespace Barrage.Reporting.Store;

/// <summary>A run as the store holds it: what ran, how it ended, its headline figures and its thresholds' verdicts.</summary>
public sealed record StoredRun
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required string Target { get; init; }

    public required string PlanText { get; init; }

    /// <summary>The hash of <see cref="PlanText"/> (XxHash128, hex): runs of the same plan share it.</summary>
    public required string PlanHash { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run was recorded as finished; null while it runs (or if it never finished).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary><c>completed</c>, <c>interrupted</c>...; empty while running.</summary>
    public string StopReason { get; init; } = "";

    /// <summary>The process exit code; null while running.</summary>
    public int? ExitCode { get; init; }

    public required string Host { get; init; }

    /// <summary>The Barrage version that ran it.</summary>
    public required string Version { get; init; }

    public int Users { get; init; }

    public long Requests { get; init; }

    public long Errors { get; init; }

    public double Rps { get; init; }

    /// <summary>p99 of service time, µs.</summary>
    public long P99Us { get; init; }

    /// <summary>Where the run's files went (absolute); null for a run that wrote none.</summary>
    public string? Directory { get; init; }

    public IReadOnlyList<ThresholdOutcome> Thresholds { get; init; } = [];

    /// <summary>A cluster run's agents, in share order; empty for a run in one process.</summary>
    /// <remarks>Read by <see cref="RunStore.Get"/> only: <see cref="RunStore.List"/> leaves it empty, so that history stays one query per run.</remarks>
    public IReadOnlyList<Summaries.AgentSummary> Agents { get; init; } = [];

    /// <summary><c>pass</c> or <c>fail</c> by the thresholds, <c>-</c> without thresholds, <c>running</c> before the end.</summary>
    public string Verdict => ExitCode is null ? "running" : Thresholds.Count == 0 ? "-" : Thresholds.All(t => t.Passed) ? "pass" : "fail";
}
