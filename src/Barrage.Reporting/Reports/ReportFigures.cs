using Barrage.Reporting.Summaries;

namespace Barrage.Reporting.Reports;

/// <summary>Counts, rate and latency of a run or of one tag (<see cref="Tag"/> null: all tags).</summary>
public sealed record ReportFigures(
    string? Tag, long Requests, long Successes, long NetErrors, long HttpErrors, double ErrorRate, double Rps, long BytesIn, long BytesOut,
    LatencySummary Service, LatencySummary Response, IReadOnlyDictionary<int, long> StatusCodes, IReadOnlyDictionary<int, long> NetCodes);
