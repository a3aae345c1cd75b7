namespace Barrage.Reporting.Reports;

/// <summary>What ran, when, and how it ended.</summary>
public sealed record ReportRun(
    long Id, string Name, string Target, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, double DurationS, string StopReason,
    int? ExitCode, string Host, string Version, int Users, string Verdict, string PlanHash, string Plan);
