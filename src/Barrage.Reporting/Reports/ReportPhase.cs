namespace Barrage.Reporting.Reports;

/// <summary>One phase of the requests, µs.</summary>
public sealed record ReportPhase(string Phase, double MeanUs, long P50Us, long P90Us, long P99Us, long MaxUs);
