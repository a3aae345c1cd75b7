using Barrage.Reporting.Thresholds;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>The thresholds' verdicts under the summary: each expression, its measured value and PASS / FAIL.</summary>
internal static class ThresholdRenderer
{
    public static void Render(IAnsiConsole console, IReadOnlyList<ThresholdOutcome> outcomes)
    {
        if (outcomes.Count == 0)
            return;
        var table = new Table().Border(TableBorder.Rounded).Title("thresholds");
        table.AddColumn("threshold").AddColumn(new TableColumn("measured").RightAligned()).AddColumn("verdict");
        foreach (var o in outcomes)
        {
            var verdict = o.Passed ? "[green]PASS[/]" : "[red]FAIL[/]";
            var note = o.Note is null ? "" : $" [grey]({Markup.Escape(o.Note)})[/]";
            table.AddRow(new Text(o.Expression), new Text(o.ValueText), new Markup(verdict + note));
        }
        console.Write(table);
        var failed = outcomes.Count(o => !o.Passed);
        if (failed > 0)
            console.MarkupLineInterpolated($"[red]{failed} of {outcomes.Count} threshold{(outcomes.Count == 1 ? "" : "s")} failed[/]");
    }
}
