using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Store;
using HdrHistogram;

namespace Barrage.Reporting.Compare;

/// <summary>
/// Puts two runs side by side, overall and per tag, and marks regressions: B slower, less throughput or more
/// errors than A by more than a relative tolerance.
/// </summary>
/// <remarks>
/// Times and rps are compared relatively (<c>B &gt; A × (1 + tolerance)</c> for a time). Error shares are compared
/// relatively too, but against at least a 1% share, so a baseline without errors does not make one error a regression.
/// </remarks>
public static class RunComparison
{
    private static readonly (string Name, double Percentile)[] Percentiles =
        [("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99), ("p99.9", 99.9)];

    /// <summary>The rows for the whole run, then for each tag either run has, in name order.</summary>
    public static IReadOnlyList<ComparisonRow> Compare(SeriesTotals a, TimeSpan aDuration, SeriesTotals b, TimeSpan bDuration, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var rows = new List<ComparisonRow>();
        Add(rows, null, a.Overall, aDuration, b.Overall, bDuration, tolerance, detailed: true);
        foreach (var tag in a.ByTag.Keys.Union(b.ByTag.Keys).Order(StringComparer.Ordinal))
            Add(rows, tag, a.ByTag.GetValueOrDefault(tag), aDuration, b.ByTag.GetValueOrDefault(tag), bDuration, tolerance, detailed: false);
        return rows;
    }

    /// <summary>
    /// Null when <paramref name="a"/> and <paramref name="b"/> ran the same plan (the same plan hash); otherwise one line
    /// that says they did not, naming each plan and its hash: latency under two different loads is no regression.
    /// </summary>
    public static string? PlanDifference(StoredRun a, StoredRun b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (string.Equals(a.PlanHash, b.PlanHash, StringComparison.Ordinal))
            return null;
        static string Plan(StoredRun run) => $"'{run.Name}', plan {run.PlanHash[..Math.Min(12, run.PlanHash.Length)]}";
        return $"#{a.Id} and #{b.Id} ran different plans ({Plan(a)}; {Plan(b)}): the figures compare different loads";
    }

    private static void Add(List<ComparisonRow> rows, string? scope, SeriesStats? a, TimeSpan aDuration, SeriesStats? b, TimeSpan bDuration, double tolerance, bool detailed)
    {
        rows.Add(Row(scope, "rps", Rps(a, aDuration), Rps(b, bDuration), higherIsBetter: true, tolerance));
        rows.Add(Row(scope, "mean", Time(a, h => h.GetMean()), Time(b, h => h.GetMean()), false, tolerance));
        foreach (var (name, p) in Percentiles)
        {
            if (detailed || name is "p50" or "p99")
                rows.Add(Row(scope, name, Time(a, h => h.GetValueAtPercentile(p)), Time(b, h => h.GetValueAtPercentile(p)), false, tolerance));
        }
        if (detailed)
            rows.Add(Row(scope, "max", Time(a, h => h.GetMaxValue()), Time(b, h => h.GetMaxValue()), false, tolerance));
        var errorsA = a is { Requests: > 0 } ? a.Errors / (double)a.Requests : (double?)null;
        var errorsB = b is { Requests: > 0 } ? b.Errors / (double)b.Requests : (double?)null;
        var errorRegression = errorsA is { } ea && errorsB is { } eb && eb - ea > tolerance * Math.Max(ea, 0.01);
        rows.Add(new ComparisonRow(scope, "errors", errorsA, errorsB, false, errorRegression));
    }

    private static ComparisonRow Row(string? scope, string metric, double? a, double? b, bool higherIsBetter, double tolerance)
    {
        var regression = a is { } x && b is { } y && (higherIsBetter ? y < x * (1 - tolerance) : y > x * (1 + tolerance));
        return new ComparisonRow(scope, metric, a, b, higherIsBetter, regression);
    }

    private static double? Rps(SeriesStats? s, TimeSpan duration) =>
        s is null || duration <= TimeSpan.Zero ? null : s.Requests / duration.TotalSeconds;

    private static double? Time(SeriesStats? s, Func<HistogramBase, double> measure) =>
        s is { Requests: > 0 } ? measure(s.ServiceTime) : null;
}
