using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Barrage.Plans.Yaml;

namespace Barrage.Thresholds;

/// <summary>
/// Reads threshold expressions: <c>[tag:NAME] METRIC OP NUMBER[UNIT]</c>, e.g. <c>p99 &lt; 300ms</c>,
/// <c>p(99.9) &lt;= 1s</c>, <c>errors &lt; 1%</c>, <c>rps &gt; 400</c>, <c>http_5xx == 0</c>,
/// <c>tag:"GET /items" mean &lt; 20ms</c>. Errors carry the column they start at.
/// </summary>
/// <remarks>
/// Metrics: <c>pNN</c>, <c>p(N.N)</c>, <c>med</c>, <c>mean</c> / <c>avg</c>, <c>min</c>, <c>max</c> (service time);
/// <c>errors</c>, <c>checks</c> (shares); <c>rps</c>; <c>requests</c>, <c>http_errors</c>, <c>net_errors</c>,
/// <c>http_Nxx</c>, <c>http_NNN</c> (counts, or shares with <c>%</c>). Operators: &lt; &lt;= &gt; &gt;= == !=.
/// Units: ms, s, us (µs) for times (a bare number is milliseconds); % for shares and counts.
/// </remarks>
public static class ThresholdParser
{
    private static readonly string[] MetricNames =
        ["p50", "p90", "p95", "p99", "p(99.9)", "med", "mean", "avg", "min", "max", "errors", "checks", "rps", "requests",
         "http_errors", "net_errors", "http_2xx", "http_3xx", "http_4xx", "http_5xx"];

    /// <summary>Parses one expression.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Threshold? threshold, [NotNullWhen(false)] out ThresholdSyntaxError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scanner = new Scanner(text);
        threshold = null;
        error = Parse(scanner, text, out var parsed);
        threshold = parsed;
        return error is null;
    }

    private static ThresholdSyntaxError? Parse(Scanner s, string text, out Threshold? threshold)
    {
        threshold = null;
        s.SkipSpace();
        if (s.AtEnd)
            return s.Error(s.Position, "empty threshold; expected an expression such as 'p99 < 300ms'");

        string? tag = null;
        if (s.Rest.StartsWith("tag:", StringComparison.Ordinal))
        {
            var tagStart = s.Position;
            s.Advance(4);
            if (s.Peek == '"')
            {
                var close = text.IndexOf('"', s.Position + 1);
                if (close < 0)
                    return s.Error(s.Position, "the quoted tag is not closed; add a '\"'");
                tag = text[(s.Position + 1)..close];
                s.Advance(close + 1 - s.Position);
            }
            else
            {
                tag = s.Word(c => !char.IsWhiteSpace(c));
            }
            if (tag.Length == 0)
                return s.Error(tagStart, "'tag:' needs a tag name, e.g. tag:login or tag:\"GET /items\"");
            if (!s.SkipSpace())
                return s.Error(s.Position, "expected a space between the tag and the metric");
        }

        var metricStart = s.Position;
        var name = s.Word(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (name.Length == 0)
            return s.Error(metricStart, $"expected a metric such as p99, mean, errors or rps, got {Describe(s.Rest)}");
        string? argument = null;
        var argumentStart = 0;
        if (s.Peek == '(')
        {
            argumentStart = s.Position + 1;
            var close = text.IndexOf(')', s.Position);
            if (close < 0)
                return s.Error(s.Position, "the '(' is not closed; write e.g. p(99.9)");
            argument = text[argumentStart..close].Trim();
            s.Advance(close + 1 - s.Position);
        }
        var seed = new Threshold { Expression = text.Trim(), Tag = tag, Metric = ThresholdMetric.Requests, Operator = ThresholdOperator.Less, Limit = 0, Unit = ThresholdUnit.None };
        if (ReadMetric(name, argument, seed, out var metric) is { } metricError)
            return s.Error(metricError.AtArgument ? argumentStart : metricStart, metricError.Message);

        s.SkipSpace();
        var opStart = s.Position;
        ThresholdOperator op;
        switch (s.Rest)
        {
            case var r when r.StartsWith("<=", StringComparison.Ordinal): op = ThresholdOperator.LessOrEqual; s.Advance(2); break;
            case var r when r.StartsWith(">=", StringComparison.Ordinal): op = ThresholdOperator.GreaterOrEqual; s.Advance(2); break;
            case var r when r.StartsWith("==", StringComparison.Ordinal): op = ThresholdOperator.Equal; s.Advance(2); break;
            case var r when r.StartsWith("!=", StringComparison.Ordinal): op = ThresholdOperator.NotEqual; s.Advance(2); break;
            case var r when r.StartsWith('<'): op = ThresholdOperator.Less; s.Advance(1); break;
            case var r when r.StartsWith('>'): op = ThresholdOperator.Greater; s.Advance(1); break;
            case var r when r.StartsWith('='):
                return s.Error(opStart, "write '==' to compare for equality");
            default:
                return s.Error(opStart, $"expected an operator (<, <=, >, >=, ==, !=) after '{name}{(argument is null ? "" : $"({argument})")}', got {Describe(s.Rest)}");
        }

        s.SkipSpace();
        var numberStart = s.Position;
        var number = s.Word(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+');
        if (number.Length == 0)
            return s.Error(numberStart, $"expected a number after the operator, got {Describe(s.Rest)}");
        if (!double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var limit))
            return s.Error(numberStart, $"'{number}' is not a number");
        if (limit < 0)
            return s.Error(numberStart, "the limit cannot be negative");

        s.SkipSpace();
        var unitStart = s.Position;
        var unitText = s.Word(c => char.IsAsciiLetter(c) || c is '%' or 'µ');
        if (ReadUnit(metric!, unitText, limit) is { } unitError)
            return s.Error(unitText.Length == 0 ? numberStart : unitStart, unitError.Message);
        var unit = UnitOf(metric!, unitText);

        s.SkipSpace();
        if (!s.AtEnd)
            return s.Error(s.Position, $"unexpected {Describe(s.Rest)} after the limit");
        threshold = metric! with { Operator = op, Limit = limit, Unit = unit };
        return null;
    }

    private readonly record struct MetricError(string Message, bool AtArgument);

    private static MetricError? ReadMetric(string name, string? argument, Threshold seed, out Threshold? metric)
    {
        metric = null;
        if (argument is not null && name != "p")
            return new MetricError($"'{name}' takes no argument; only p(N) does, e.g. p(99.9)", false);
        if (name == "p")
        {
            if (argument is null)
                return new MetricError("a percentile needs a number: p99 or p(99.9)", false);
            if (!double.TryParse(argument, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) || p > 100)
                return new MetricError($"expected a percentile between 0 and 100, got '{argument}'", true);
            metric = seed with { Metric = ThresholdMetric.Percentile, Percentile = p };
            return null;
        }
        if (name.Length > 1 && name[0] == 'p' && name[1..].All(char.IsAsciiDigit))
        {
            var p = int.Parse(name[1..], CultureInfo.InvariantCulture);
            if (name.Length > 4 || p > 100)
                return new MetricError($"'{name}' is not a percentile; write p(99.9) for a fraction", false);
            metric = seed with { Metric = ThresholdMetric.Percentile, Percentile = p };
            return null;
        }
        metric = name switch
        {
            "med" => seed with { Metric = ThresholdMetric.Percentile, Percentile = 50 },
            "mean" or "avg" => seed with { Metric = ThresholdMetric.Mean },
            "min" => seed with { Metric = ThresholdMetric.Min },
            "max" => seed with { Metric = ThresholdMetric.Max },
            "errors" => seed with { Metric = ThresholdMetric.Errors },
            "checks" => seed with { Metric = ThresholdMetric.Checks },
            "rps" => seed with { Metric = ThresholdMetric.Rps },
            "requests" => seed with { Metric = ThresholdMetric.Requests },
            "http_errors" => seed with { Metric = ThresholdMetric.HttpErrors },
            "net_errors" => seed with { Metric = ThresholdMetric.NetErrors },
            _ => StatusMetric(name, seed),
        };
        return metric is null ? new MetricError($"unknown metric '{name}'{Suggestions.Hint(name, MetricNames)}", false) : null;
    }

    /// <summary><c>http_5xx</c> (a class) or <c>http_404</c> (one status).</summary>
    private static Threshold? StatusMetric(string name, Threshold seed)
    {
        if (!name.StartsWith("http_", StringComparison.Ordinal) || name.Length != 8)
            return null;
        var code = name[5..];
        if (code[0] is >= '1' and <= '5' && code[1..] == "xx")
        {
            var from = (code[0] - '0') * 100;
            return seed with { Metric = ThresholdMetric.HttpStatus, StatusFrom = from, StatusTo = from + 99 };
        }
        if (code.All(char.IsAsciiDigit) && int.Parse(code, CultureInfo.InvariantCulture) is >= 100 and <= 599 and var status)
            return seed with { Metric = ThresholdMetric.HttpStatus, StatusFrom = status, StatusTo = status };
        return null;
    }

    private static ThresholdSyntaxError? ReadUnit(Threshold metric, string unit, double limit)
    {
        var name = MetricName(metric);
        if (unit.Length > 0 && unit is not ("ms" or "s" or "us" or "µs" or "%"))
            return new ThresholdSyntaxError(0, $"unknown unit '{unit}'; expected ms, s, us or %");
        if (metric.IsTime)
            return unit == "%" ? new ThresholdSyntaxError(0, $"{name} is a time: write its limit in ms, s or us") : null;
        var isTime = unit is "ms" or "s" or "us" or "µs";
        switch (metric.Metric)
        {
            case ThresholdMetric.Errors or ThresholdMetric.Checks:
                if (isTime)
                    return new ThresholdSyntaxError(0, $"{name} is a share of requests: write its limit as a percentage (1%) or between 0 and 1");
                if (unit.Length == 0 && limit > 1)
                    return new ThresholdSyntaxError(0, $"{name} is a share between 0 and 1; did you mean {limit.ToString(CultureInfo.InvariantCulture)}%?");
                return unit == "%" && limit > 100 ? new ThresholdSyntaxError(0, "a percentage is at most 100%") : null;
            case ThresholdMetric.Rps:
                return unit.Length > 0 ? new ThresholdSyntaxError(0, "rps is requests per second: write its limit as a plain number") : null;
            default:
                return isTime ? new ThresholdSyntaxError(0, $"{name} is a count: write a plain number, or a percentage of requests") : null;
        }
    }

    private static ThresholdUnit UnitOf(Threshold metric, string unit) => unit switch
    {
        "ms" => ThresholdUnit.Milliseconds,
        "s" => ThresholdUnit.Seconds,
        "us" or "µs" => ThresholdUnit.Microseconds,
        "%" => ThresholdUnit.Percent,
        _ => metric.IsTime ? ThresholdUnit.Milliseconds : ThresholdUnit.None,
    };

    private static string MetricName(Threshold t) => t.Metric switch
    {
        ThresholdMetric.Percentile => "a percentile",
        ThresholdMetric.Mean => "mean",
        ThresholdMetric.Min => "min",
        ThresholdMetric.Max => "max",
        _ => t.Metric.ToString().ToLowerInvariant(),
    };

    private static string Describe(string rest) => rest.Length == 0 ? "the end" : $"'{rest}'";

    private sealed class Scanner(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public char Peek => AtEnd ? '\0' : text[Position];

        public string Rest => text[Position..];

        public void Advance(int count) => Position += count;

        /// <summary>Skips white space; true when there was some.</summary>
        public bool SkipSpace()
        {
            var start = Position;
            while (!AtEnd && char.IsWhiteSpace(text[Position]))
                Position++;
            return Position > start;
        }

        public string Word(Func<char, bool> accept)
        {
            var start = Position;
            while (!AtEnd && accept(text[Position]))
                Position++;
            return text[start..Position];
        }

        public ThresholdSyntaxError Error(int position, string message) => new(position + 1, message);
    }
}
