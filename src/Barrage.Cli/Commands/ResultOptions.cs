using System.CommandLine;
using Barrage.Plans;
using Barrage.Thresholds;

namespace Barrage.Cli.Commands;

/// <summary>The options <c>run</c> and <c>hit</c> share for judging and keeping results: <c>--threshold</c>, <c>--store</c>.</summary>
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
