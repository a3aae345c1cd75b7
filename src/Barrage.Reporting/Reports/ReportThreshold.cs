namespace Barrage.Reporting.Reports;

/// <summary>A threshold's verdict as the report shows it.</summary>
public sealed record ReportThreshold(string Expression, double? Value, string ValueText, bool Passed, string? Note);
