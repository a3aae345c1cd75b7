namespace Barrage.Reporting.Reports;

/// <summary>Requests whose service time fell in [<see cref="FromUs"/>, <see cref="ToUs"/>).</summary>
public sealed record ReportBucket(long FromUs, long ToUs, long Count);
