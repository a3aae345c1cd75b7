namespace Barrage.Reporting.Compare;

/// <summary>One metric of two runs side by side.</summary>
/// <param name="Scope">null for the whole run, else the tag.</param>
/// <param name="Metric">The metric's name: <c>rps</c>, <c>p99</c>, <c>errors</c>...</param>
/// <param name="Baseline">Run A's value (µs for times, a share 0..1 for errors), null when A has no such data.</param>
/// <param name="Candidate">Run B's value, null when B has no such data.</param>
/// <param name="HigherIsBetter">True for throughput, false for times and errors.</param>
/// <param name="IsRegression">True when B is worse than A by more than the tolerance.</param>
public sealed record ComparisonRow(string? Scope, string Metric, double? Baseline, double? Candidate, bool HigherIsBetter, bool IsRegression)
{
    /// <summary>B against A, relative (0.1 = 10% more); null when either is missing or A is 0.</summary>
    public double? Change => Baseline is { } a && Candidate is { } b && a != 0 ? (b - a) / a : null;

    /// <summary>True when the metric is a time in µs.</summary>
    public bool IsTime => Metric is not ("rps" or "errors" or "requests");
}
