using Barrage.Reporting.Summaries;

namespace Barrage.Reporting.Reports;

/// <summary>Counts, rate and latency of a run or of one tag (<see cref="Tag"/> null: all tags).</summary>
/// <remarks><see cref="StatusCodes"/> holds HTTP statuses only; <see cref="Outcomes"/> is the outcomes table (<see cref="Metrics.Outcomes.Table"/>).</remarks>
public sealed record ReportFigures(
    string? Tag, long Requests, long Successes, long NetErrors, long HttpErrors, double ErrorRate, double Rps, long BytesIn, long BytesOut,
    LatencySummary Service, LatencySummary Response, IReadOnlyDictionary<int, long> StatusCodes, IReadOnlyDictionary<int, long> NetCodes,
    IReadOnlyList<Metrics.OutcomeRow> Outcomes);
