using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Barrage.Plans;
using Barrage.Thresholds;

namespace Barrage.Autostop;

/// <summary>
/// Reads Tank's autostop criteria: <c>time(1s500ms, 30s)</c>, <c>http(5xx, 10%, 10s)</c>, <c>net(xx, 1, 10s)</c>,
/// <c>quantile(95, 100ms, 10s)</c>, <c>limit(5m)</c>. Errors carry the column (1-based) they start at.
/// </summary>
public static class AutostopParser
{
    private static readonly string[] Names = ["time", "http", "net", "quantile", "limit"];

    /// <summary>Parses one criterion.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out AutostopCriterion? criterion, [NotNullWhen(false)] out ThresholdSyntaxError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        criterion = null;
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var lead = text.Length - text.TrimStart().Length;
        var name = new string(text.TrimStart().TakeWhile(char.IsAsciiLetter).ToArray());
        if (!Names.Contains(name))
        {
            error = new(lead + 1, $"unknown autostop criterion '{name}'{Plans.Yaml.Suggestions.Hint(name, Names)}");
            return false;
        }
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open || text[(close + 1)..].Trim().Length > 0 || text[(lead + name.Length)..open].Trim().Length > 0)
        {
            error = new(open < 0 ? lead + name.Length + 1 : open + 1, $"expected {name}(...) with its arguments in parentheses, e.g. {Example(name)}");
            return false;
        }
        // Each argument with the 0-based offset it starts at, for error columns.
        var args = new List<(string Text, int At)>();
        var start = open + 1;
        for (var i = open + 1; i <= close; i++)
        {
            if (i == close || text[i] == ',')
            {
                var raw = text[start..i];
                args.Add((raw.Trim(), start + raw.Length - raw.TrimStart().Length));
                start = i + 1;
            }
        }
        var expected = name == "limit" ? 1 : name is "time" ? 2 : 3;
        if (args.Count != expected || args.Any(a => a.Text.Length == 0))
        {
            error = new(open + 1, $"{name} takes {expected} argument{(expected == 1 ? "" : "s")}, e.g. {Example(name)}");
            return false;
        }
        var seed = new AutostopCriterion { Expression = text.Trim(), Kind = AutostopKind.Limit, Window = TimeSpan.Zero };
        error = name switch
        {
            "limit" => Duration(args[0], out var limit) ?? Set(seed with { Kind = AutostopKind.Limit, Window = limit }, out criterion),
            "time" => Duration(args[0], out var t) ?? Duration(args[1], out var w)
                ?? Set(seed with { Kind = AutostopKind.Time, Limit = t.Ticks / 10.0, Window = w }, out criterion),
            "quantile" => Percentile(args[0], out var p) ?? Duration(args[1], out var q) ?? Duration(args[2], out var qw)
                ?? Set(seed with { Kind = AutostopKind.Quantile, Percentile = p, Limit = q.Ticks / 10.0, Window = qw }, out criterion),
            _ => CodeCriterion(name == "http" ? AutostopKind.Http : AutostopKind.Net, args, seed, out criterion),
        };
        if (error is not null)
            criterion = null;
        return error is null;
    }

    private static ThresholdSyntaxError? Set(AutostopCriterion value, out AutostopCriterion? criterion)
    {
        criterion = value;
        return null;
    }

    private static ThresholdSyntaxError? CodeCriterion(AutostopKind kind, List<(string Text, int At)> args, AutostopCriterion seed, out AutostopCriterion? criterion)
    {
        criterion = null;
        var codes = args[0].Text;
        var validCodes = codes.Length > 0 && codes.All(c => char.IsAsciiDigit(c) || c == 'x')
            && (kind == AutostopKind.Net ? codes.Length <= 4 : codes.Length == 3 && codes[0] is >= '1' and <= '5');
        if (!validCodes)
        {
            return new(args[0].At + 1, kind == AutostopKind.Http
                ? $"expected HTTP codes such as 5xx, 50x or 503, got '{codes}'"
                : $"expected transport codes such as xx (any), 110 or 1xx, got '{codes}'");
        }
        var amount = args[1].Text;
        var isShare = amount.EndsWith('%');
        if (!double.TryParse(isShare ? amount[..^1] : amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var limit) || (isShare && limit > 100))
            return new(args[1].At + 1, $"expected a count per second (10) or a share of requests (10%), got '{amount}'");
        if (Duration(args[2], out var window) is { } error)
            return error;
        criterion = seed with { Kind = kind, Codes = codes, Limit = isShare ? limit / 100 : limit, IsShare = isShare, Window = window };
        return null;
    }

    private static ThresholdSyntaxError? Duration((string Text, int At) arg, out TimeSpan value)
    {
        if (!Durations.TryParse(arg.Text, out value, out var message))
            return new(arg.At + 1, message);
        return value > TimeSpan.Zero ? null : new(arg.At + 1, $"must be longer than zero, got '{arg.Text}'");
    }

    private static ThresholdSyntaxError? Percentile((string Text, int At) arg, out double value) =>
        double.TryParse(arg.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value <= 100
            ? null
            : new(arg.At + 1, $"expected a percentile between 0 and 100, got '{arg.Text}'");

    private static string Example(string name) => name switch
    {
        "time" => "time(1s500ms, 30s)",
        "http" => "http(5xx, 10%, 10s)",
        "net" => "net(xx, 1, 10s)",
        "quantile" => "quantile(95, 100ms, 10s)",
        _ => "limit(5m)",
    };
}
