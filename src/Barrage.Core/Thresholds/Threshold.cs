using Barrage.Plans;

namespace Barrage.Thresholds;

/// <summary>
/// A pass / fail criterion over a run's results, k6-style: <c>p99 &lt; 300ms</c>, <c>errors &lt; 1%</c>,
/// <c>tag:login p95 &lt; 500ms</c>. Read by <see cref="ThresholdParser"/>.
/// </summary>
public sealed record Threshold
{
    /// <summary>The expression as written.</summary>
    public required string Expression { get; init; }

    /// <summary>The tag whose requests are measured; null for the whole run.</summary>
    public string? Tag { get; init; }

    public required ThresholdMetric Metric { get; init; }

    /// <summary>The percentile for <see cref="ThresholdMetric.Percentile"/>, 0..100.</summary>
    public double Percentile { get; init; }

    /// <summary>The lowest status counted by <see cref="ThresholdMetric.HttpStatus"/>.</summary>
    public int StatusFrom { get; init; }

    /// <summary>The highest status counted by <see cref="ThresholdMetric.HttpStatus"/>.</summary>
    public int StatusTo { get; init; }

    public required ThresholdOperator Operator { get; init; }

    /// <summary>The limit as written, in <see cref="Unit"/>.</summary>
    public required double Limit { get; init; }

    public required ThresholdUnit Unit { get; init; }

    /// <summary>Where the expression was written (a plan file), or <see cref="SourcePosition.None"/>.</summary>
    public SourcePosition Position { get; init; } = SourcePosition.None;

    /// <summary>True when <paramref name="value"/> (in <see cref="Unit"/>) meets the threshold.</summary>
    public bool IsMetBy(double value) => Operator switch
    {
        ThresholdOperator.Less => value < Limit,
        ThresholdOperator.LessOrEqual => value <= Limit,
        ThresholdOperator.Greater => value > Limit,
        ThresholdOperator.GreaterOrEqual => value >= Limit,
        ThresholdOperator.Equal => value == Limit,
        _ => value != Limit,
    };

    /// <summary>True for the metrics measured in time.</summary>
    public bool IsTime => Metric is ThresholdMetric.Percentile or ThresholdMetric.Mean or ThresholdMetric.Min or ThresholdMetric.Max;
}
