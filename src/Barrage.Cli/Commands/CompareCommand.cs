using System.CommandLine;
using System.Globalization;
using Barrage.Cli.Output;
using Barrage.Reporting.Compare;
using Barrage.Reporting.Store;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>
/// <c>barrage compare A B</c>: two recorded runs side by side, overall and per tag; regressions of B against A beyond
/// the tolerance are marked and make the command exit 1, so CI can gate on it.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var a = new Argument<string>("A") { Description = "The baseline: a run id or 'last'." };
        var b = new Argument<string>("B") { Description = "The run to judge against A: a run id or 'last'." };
        var tolerance = new Option<string>("--tolerance") { Description = "How much worse B may be before it is a regression, e.g. 5% or 10%.", DefaultValueFactory = _ => "5%" };
        var store = ResultOptions.StoreOption();
        var command = new Command("compare", "Compare two recorded runs; exits 1 when B regressed against A beyond the tolerance.")
        {
            a, b, tolerance, store,
        };
        command.SetAction(parse =>
        {
            var toleranceText = parse.GetRequiredValue(tolerance);
            if (!TryParseTolerance(toleranceText, out var share))
            {
                console.MarkupLineInterpolated($"[red]error:[/] --tolerance: expected a percentage such as 5%, got '{toleranceText}'");
                return ExitCodes.BadInput;
            }
            using var runs = StoreAccess.Open(console, parse.GetValue(store));
            if (runs is null)
                return ExitCodes.BadInput;
            try
            {
                if (StoreAccess.Find(console, runs, parse.GetRequiredValue(a)) is not { } baseline
                    || StoreAccess.Find(console, runs, parse.GetRequiredValue(b)) is not { } candidate)
                    return ExitCodes.BadInput;
                var rows = RunComparison.Compare(runs.ReadTotals(baseline.Id), baseline.Duration, runs.ReadTotals(candidate.Id), candidate.Duration, share);
                Render(console, baseline, candidate, rows, toleranceText);
                return rows.Any(r => r.IsRegression) ? ExitCodes.ThresholdsFailed : ExitCodes.Ok;
            }
            catch (StoreException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    private static bool TryParseTolerance(string text, out double share)
    {
        var number = text.Trim().TrimEnd('%').Trim();
        var ok = double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent <= 1000;
        share = percent / 100;
        return ok;
    }

    private static void Render(IAnsiConsole console, StoredRun a, StoredRun b, IReadOnlyList<ComparisonRow> rows, string tolerance)
    {
        if (RunComparison.PlanDifference(a, b) is { } difference)
            console.MarkupLineInterpolated($"[yellow]warning:[/] {difference}");
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"#{a.Id} {Markup.Escape(a.Name)} ({a.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm})  vs  #{b.Id} {Markup.Escape(b.Name)} ({b.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm})");
        table.AddColumn("scope").AddColumn("metric").AddColumn(new TableColumn($"A #{a.Id}").RightAligned())
            .AddColumn(new TableColumn($"B #{b.Id}").RightAligned()).AddColumn(new TableColumn("change").RightAligned()).AddColumn("");
        string? lastScope = "";
        foreach (var row in rows)
        {
            var scope = row.Scope == lastScope ? "" : row.Scope ?? "all";
            lastScope = row.Scope;
            var change = row.Change is { } c ? c.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "";
            var mark = row.IsRegression ? "[red]REGRESSION[/]" : "";
            table.AddRow(new Text(scope), new Text(row.Metric), new Text(Value(row, row.Baseline)), new Text(Value(row, row.Candidate)),
                new Text(change), new Markup(mark));
        }
        console.Write(table);
        var regressions = rows.Count(r => r.IsRegression);
        if (regressions > 0)
            console.MarkupLineInterpolated($"[red]{regressions} regression{(regressions == 1 ? "" : "s")}[/] of B against A beyond {tolerance}");
        else
            console.MarkupLineInterpolated($"[green]no regression[/] of B against A beyond {tolerance}");
    }

    private static string Value(ComparisonRow row, double? value) => value switch
    {
        null => "-",
        { } v when row.Metric == "errors" => (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        { } v when row.Metric == "rps" => Format.Rate(v),
        { } v => Format.Micros(v),
    };
}
