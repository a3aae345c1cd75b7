namespace Barrage.Reporting.Reports;

/// <summary>One second of one tag (or of all tags, <see cref="Tag"/> null), late results added in; latencies µs.</summary>
/// <remarks>
/// <see cref="Users"/>, <see cref="InFlight"/> and <see cref="PlannedRps"/> are set on the rows of all tags only, and only for
/// seconds in which they were sampled (null otherwise; <see cref="PlannedRps"/> is null in a closed model).
/// <see cref="StatusCodes"/> holds HTTP statuses only; <see cref="Outcomes"/> counts every outcome by its label
/// (<c>HTTP 200</c>, <c>WS ok</c>, <c>net 110</c>: <see cref="Metrics.Outcomes.Each"/>), what the report's chart draws.
/// </remarks>
public sealed record ReportSecond(
    long Second, string? Tag, long Requests, long Successes, long NetErrors, long HttpErrors, long BytesIn, long BytesOut,
    double ServiceMeanUs, long ServiceP50Us, long ServiceP90Us, long ServiceP99Us, long ServiceMaxUs,
    long ResponseP50Us, long ResponseP99Us, long ResponseMaxUs,
    IReadOnlyDictionary<int, long> StatusCodes, IReadOnlyDictionary<int, long> NetCodes,
    int? Users, int? InFlight, double? PlannedRps, IReadOnlyDictionary<string, long> Outcomes);
