using Barrage.Plans;

namespace Barrage.Thresholds;

public sealed class ThresholdParserTests
{
    private static Threshold Parse(string text)
    {
        Assert.True(ThresholdParser.TryParse(text, out var threshold, out var error), error?.ToString());
        return threshold;
    }

    private static ThresholdSyntaxError Fail(string text)
    {
        Assert.False(ThresholdParser.TryParse(text, out _, out var error));
        return error;
    }

    [Theory]
    [InlineData("p99 < 300ms", ThresholdOperator.Less)]
    [InlineData("p99 <= 300ms", ThresholdOperator.LessOrEqual)]
    [InlineData("p99 > 300ms", ThresholdOperator.Greater)]
    [InlineData("p99 >= 300ms", ThresholdOperator.GreaterOrEqual)]
    [InlineData("p99 == 300ms", ThresholdOperator.Equal)]
    [InlineData("p99 != 300ms", ThresholdOperator.NotEqual)]
    [InlineData("p99<300ms", ThresholdOperator.Less)]
    [InlineData("  p99   !=300ms  ", ThresholdOperator.NotEqual)]
    public void EveryOperator(string text, ThresholdOperator op)
    {
        var t = Parse(text);

        Assert.Equal(op, t.Operator);
        Assert.Equal(ThresholdMetric.Percentile, t.Metric);
        Assert.Equal(99, t.Percentile);
        Assert.Equal(300, t.Limit);
        Assert.Equal(ThresholdUnit.Milliseconds, t.Unit);
        Assert.Equal(text.Trim(), t.Expression);
    }

    [Theory]
    [InlineData("p95 < 500ms", 500, ThresholdUnit.Milliseconds)]
    [InlineData("p95 < 1s", 1, ThresholdUnit.Seconds)]
    [InlineData("p95 < 1.5s", 1.5, ThresholdUnit.Seconds)]
    [InlineData("p95 < 800us", 800, ThresholdUnit.Microseconds)]
    [InlineData("p95 < 800µs", 800, ThresholdUnit.Microseconds)]
    [InlineData("p95 < 250", 250, ThresholdUnit.Milliseconds)]
    [InlineData("p95 < 250 ms", 250, ThresholdUnit.Milliseconds)]
    [InlineData("errors < 1%", 1, ThresholdUnit.Percent)]
    [InlineData("errors < 0.01", 0.01, ThresholdUnit.None)]
    [InlineData("http_5xx < 0.5%", 0.5, ThresholdUnit.Percent)]
    [InlineData("rps > 400", 400, ThresholdUnit.None)]
    public void EveryUnit(string text, double limit, ThresholdUnit unit)
    {
        var t = Parse(text);

        Assert.Equal(limit, t.Limit);
        Assert.Equal(unit, t.Unit);
    }

    [Theory]
    [InlineData("p50 < 1s", ThresholdMetric.Percentile, 50)]
    [InlineData("p(99.9) < 1s", ThresholdMetric.Percentile, 99.9)]
    [InlineData("p( 99.99 ) < 1s", ThresholdMetric.Percentile, 99.99)]
    [InlineData("p100 < 1s", ThresholdMetric.Percentile, 100)]
    [InlineData("med < 1s", ThresholdMetric.Percentile, 50)]
    [InlineData("mean < 1s", ThresholdMetric.Mean, 0)]
    [InlineData("avg < 1s", ThresholdMetric.Mean, 0)]
    [InlineData("min < 1s", ThresholdMetric.Min, 0)]
    [InlineData("max < 1s", ThresholdMetric.Max, 0)]
    [InlineData("errors < 1%", ThresholdMetric.Errors, 0)]
    [InlineData("checks > 99%", ThresholdMetric.Checks, 0)]
    [InlineData("rps > 400", ThresholdMetric.Rps, 0)]
    [InlineData("requests >= 1000", ThresholdMetric.Requests, 0)]
    [InlineData("http_errors == 0", ThresholdMetric.HttpErrors, 0)]
    [InlineData("net_errors == 0", ThresholdMetric.NetErrors, 0)]
    public void EveryMetric(string text, ThresholdMetric metric, double percentile)
    {
        var t = Parse(text);

        Assert.Equal(metric, t.Metric);
        Assert.Equal(percentile, t.Percentile);
        Assert.Null(t.Tag);
    }

    [Theory]
    [InlineData("http_5xx == 0", 500, 599)]
    [InlineData("http_2xx > 10", 200, 299)]
    [InlineData("http_404 == 0", 404, 404)]
    public void StatusMetrics(string text, int from, int to)
    {
        var t = Parse(text);

        Assert.Equal(ThresholdMetric.HttpStatus, t.Metric);
        Assert.Equal((from, to), (t.StatusFrom, t.StatusTo));
    }

    [Theory]
    [InlineData("tag:login p95 < 500ms", "login")]
    [InlineData("tag:\"GET /items\" mean < 20ms", "GET /items")]
    [InlineData("  tag:a/b   errors < 1%", "a/b")]
    public void Tags(string text, string tag) => Assert.Equal(tag, Parse(text).Tag);

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("   ", 4, "empty")]
    [InlineData("p99x < 300ms", 1, "unknown metric 'p99x'")]
    [InlineData("latency < 300ms", 1, "unknown metric 'latency'")]
    [InlineData("eror < 1%", 1, "did you mean 'errors'")]
    [InlineData("p999 < 1s", 1, "p(99.9)")]
    [InlineData("p(abc) < 1s", 3, "between 0 and 100")]
    [InlineData("p(101) < 1s", 3, "between 0 and 100")]
    [InlineData("p(99.9 < 1s", 2, "not closed")]
    [InlineData("mean(5) < 1s", 1, "takes no argument")]
    [InlineData("p99 300ms", 5, "expected an operator")]
    [InlineData("p99 = 300ms", 5, "'=='")]
    [InlineData("p99 <", 6, "expected a number")]
    [InlineData("p99 < fast", 7, "expected a number")]
    [InlineData("p99 < 1.2.3s", 7, "not a number")]
    [InlineData("p99 < 300 mss", 11, "unknown unit 'mss'")]
    [InlineData("p99 < 300%", 10, "is a time")]
    [InlineData("errors < 1ms", 11, "share of requests")]
    [InlineData("errors < 5", 10, "did you mean 5%")]
    [InlineData("errors < 120%", 13, "at most 100%")]
    [InlineData("rps > 400ms", 10, "plain number")]
    [InlineData("requests > 4s", 13, "is a count")]
    [InlineData("p99 < 300ms and more", 13, "unexpected 'and more'")]
    [InlineData("tag: p99 < 1s", 1, "needs a tag name")]
    [InlineData("tag:\"open p99 < 1s", 5, "not closed")]
    [InlineData("http_6xx == 0", 1, "unknown metric")]
    [InlineData("< 300ms", 1, "expected a metric")]
    public void Errors_PointAtTheirColumn(string text, int column, string message)
    {
        var error = Fail(text);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(column, error.Column);
    }

    [Theory]
    [InlineData(ThresholdOperator.Less, 299, true)]
    [InlineData(ThresholdOperator.Less, 300, false)]
    [InlineData(ThresholdOperator.LessOrEqual, 300, true)]
    [InlineData(ThresholdOperator.Greater, 300, false)]
    [InlineData(ThresholdOperator.GreaterOrEqual, 300, true)]
    [InlineData(ThresholdOperator.Equal, 300, true)]
    [InlineData(ThresholdOperator.NotEqual, 300, false)]
    [InlineData(ThresholdOperator.NotEqual, 301, true)]
    public void IsMetBy_EachOperator(ThresholdOperator op, double value, bool met) =>
        Assert.Equal(met, (Parse("p99 < 300ms") with { Operator = op }).IsMetBy(value));

    [Fact]
    public void InAPlan_ErrorsPointAtFileLineAndColumnInsideTheScalar()
    {
        var yaml = """
            target: http://127.0.0.1:8080
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - get: /
            thresholds:
              - p99 < 300ms
              - p99 < 300 mss
              - "errors < 5"
              - 'rps > 4s'
            """;

        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse(yaml, "plan.yaml"));

        Assert.Equal(3, e.Errors.Count);
        Assert.Equal(new SourcePosition("plan.yaml", 8, 15), e.Errors[0].Position);
        Assert.StartsWith("thresholds[1]: unknown unit 'mss'", e.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(new SourcePosition("plan.yaml", 9, 15), e.Errors[1].Position);
        Assert.Equal(new SourcePosition("plan.yaml", 10, 13), e.Errors[2].Position);
    }

    [Fact]
    public void InAPlan_ThresholdsAreReadInOrder_WithTheirPosition()
    {
        var yaml = """
            target: http://127.0.0.1:8080
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - get: /
            thresholds: [ "p99 < 300ms", "tag:login errors < 1%" ]
            """;

        var plan = PlanLoader.Parse(yaml, "plan.yaml");

        Assert.Equal(["p99 < 300ms", "tag:login errors < 1%"], plan.Thresholds.Select(t => t.Expression));
        Assert.Equal("login", plan.Thresholds[1].Tag);
        Assert.Equal(new SourcePosition("plan.yaml", 6, 15), plan.Thresholds[0].Position);
    }
}
