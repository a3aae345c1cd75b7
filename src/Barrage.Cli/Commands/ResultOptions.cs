using System.CommandLine;
using Barrage.Plans;
using Barrage.Reporting.Export;
using Barrage.Thresholds;

namespace Barrage.Cli.Commands;

/// <summary>
/// The options <c>run</c> and <c>hit</c> share for judging, keeping and exporting results: <c>--threshold</c>,
/// <c>--store</c>, <c>--autostop</c>, <c>--prometheus</c>, <c>--output</c>.
/// </summary>
internal sealed class ResultOptions
{
    public Option<string[]> Threshold { get; } = new("--threshold")
    {
        Description = "A pass/fail criterion, e.g. 'p99 < 300ms', 'errors < 1%', 'tag:login p95 < 500ms'; repeatable. A failed one exits 1.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Store { get; } = StoreOption();

    public Option<string[]> Autostop { get; } = new("--autostop")
    {
        Description = "A Tank-style criterion that stops the test early, e.g. 'http(5xx, 10%, 10s)', 'quantile(95, 100ms, 10s)', 'limit(5m)'; repeatable. Exits 4.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Prometheus { get; } = new("--prometheus")
    {
        Description = "Serve live metrics in Prometheus' format on HOST:PORT (e.g. 127.0.0.1:9464; a bare PORT listens on loopback), path /metrics.",
    };

    public Option<string?> PrometheusToken { get; } = new("--prometheus-token")
    {
        Description = "The bearer token scrapes must send (Prometheus: authorization: credentials); default $BARRAGE_PROMETHEUS_TOKEN; "
            + "generated and printed when --prometheus listens beyond loopback without one.",
    };

    /// <summary>The environment variable that gives the Prometheus endpoint's token.</summary>
    public const string PrometheusTokenVariable = "BARRAGE_PROMETHEUS_TOKEN";

    public Option<string[]> Output { get; } = new("--output")
    {
        Description = "A result file to write in the run directory besides summary.json and report.html: phout, jsonl (one JSON line per second per tag, written as the run goes); repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The <c>--store</c> option, for every command that reads or writes the run store.</summary>
    public static Option<string?> StoreOption() => new("--store")
    {
        Description = "The run store (SQLite file); default $BARRAGE_STORE, else ~/.local/share/barrage/runs.db.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Threshold);
        command.Options.Add(Store);
        command.Options.Add(Autostop);
        command.Options.Add(Prometheus);
        command.Options.Add(PrometheusToken);
        command.Options.Add(Output);
    }

    /// <summary>The <c>--prometheus</c> address; null when not given or wrong (then the mistake is added to <paramref name="errors"/>).</summary>
    public PrometheusAddress? PrometheusAddress(ParseResult parse, List<PlanError> errors)
    {
        if (parse.GetValue(Prometheus) is not { } text)
            return null;
        if (!Reporting.Export.PrometheusAddress.TryParse(text, out var address, out var error))
        {
            errors.Add(new PlanError(SourcePosition.None, $"--prometheus: {error}"));
            return null;
        }
        var token = parse.GetValue(PrometheusToken) ?? Environment.GetEnvironmentVariable(PrometheusTokenVariable);
        return (address with { Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim() }).Secured();
    }

    /// <summary>The plan's outputs with those of <c>--output</c> added; unknown names are added to <paramref name="errors"/>.</summary>
    public IReadOnlyList<string> Outputs(ParseResult parse, IReadOnlyList<string> planOutputs, List<PlanError> errors)
    {
        var outputs = new List<string>(planOutputs);
        foreach (var name in parse.GetValue(Output) ?? [])
        {
            if (!Plan.KnownOutputs.Contains(name))
                errors.Add(new PlanError(SourcePosition.None, $"--output: unknown output '{name}'; expected one of {string.Join(", ", Plan.KnownOutputs)}"));
            else if (!outputs.Contains(name))
                outputs.Add(name);
        }
        return outputs;
    }

    /// <summary>The thresholds given on the command line; each mistake is added to <paramref name="errors"/> with its column.</summary>
    public IReadOnlyList<Threshold> Thresholds(ParseResult parse, List<PlanError> errors)
    {
        var thresholds = new List<Threshold>();
        foreach (var text in parse.GetValue(Threshold) ?? [])
        {
            if (ThresholdParser.TryParse(text, out var threshold, out var error))
            {
                thresholds.Add(threshold);
                continue;
            }
            var caret = new string(' ', error.Column - 1) + "^";
            errors.Add(new PlanError(SourcePosition.None, $"--threshold, column {error.Column}: {error.Message}\n    {text}\n    {caret}"));
        }
        return thresholds;
    }

    /// <summary>The autostop criteria given on the command line; each mistake is added to <paramref name="errors"/> with its column.</summary>
    public IReadOnlyList<Barrage.Autostop.AutostopCriterion> AutostopCriteria(ParseResult parse, List<PlanError> errors)
    {
        var criteria = new List<Barrage.Autostop.AutostopCriterion>();
        foreach (var text in parse.GetValue(Autostop) ?? [])
        {
            if (Barrage.Autostop.AutostopParser.TryParse(text, out var criterion, out var error))
            {
                criteria.Add(criterion);
                continue;
            }
            var caret = new string(' ', error.Column - 1) + "^";
            errors.Add(new PlanError(SourcePosition.None, $"--autostop, column {error.Column}: {error.Message}\n    {text}\n    {caret}"));
        }
        return criteria;
    }
}
