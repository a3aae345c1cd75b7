namespace Barrage.Thresholds;

/// <summary>What a threshold measures.</summary>
public enum ThresholdMetric
{
    /// <summary>A percentile of service time (<c>p99</c>, <c>p(99.9)</c>, <c>med</c>), µs.</summary>
    Percentile,

    /// <summary>Mean service time (<c>mean</c>, <c>avg</c>), µs.</summary>
    Mean,

    /// <summary>Shortest service time, µs.</summary>
    Min,

    /// <summary>Longest service time, µs.</summary>
    Max,

    /// <summary>Share of requests that failed (transport error or status ≥ 400), 0..1.</summary>
    Errors,

    /// <summary>Share of checks that passed, 0..1.</summary>
    Checks,

    /// <summary>Requests per second over the run's duration.</summary>
    Rps,

    /// <summary>Requests made.</summary>
    Requests,

    /// <summary>Responses with a status in a range (<c>http_5xx</c>, <c>http_404</c>).</summary>
    HttpStatus,

    /// <summary>Responses with a status of 400 or more.</summary>
    HttpErrors,

    /// <summary>Transport failures (net code not 0).</summary>
    NetErrors,
}
