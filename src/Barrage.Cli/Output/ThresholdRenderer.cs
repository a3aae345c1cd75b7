using Barrage.Reporting.Thresholds;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>The thresholds' verdicts under the summary: each expression, its measured value and PASS / FAIL.</summary>
internal static class ThresholdRenderer
{
    /// <summary>The table of verdicts; null when the plan has no thresholds.</summary>
    public static SummaryTable? Table(IReadOnlyList<ThresholdOutcome> outcomes)
    {
        if (outcomes.Count == 0)
            return null;
        var table = new SummaryTable("thresholds").Column("threshold").Column("measured", right: true).Column("verdict");
        foreach (var o in outcomes)
        {
            var verdict = o.Passed ? "[green]PASS[/]" : "[red]FAIL[/]";
            var note = o.Note is null ? "" : $" [grey]({Markup.Escape(o.Note)})[/]";
            table.Row(SummaryCell.Text(o.Expression), SummaryCell.Text(o.ValueText), SummaryCell.Markup(verdict + note));
        }
        return table;
    }

    /// <summary>The line under the table that counts failed thresholds; nothing when all passed.</summary>
    public static void RenderVerdict(IAnsiConsole console, IReadOnlyList<ThresholdOutcome> outcomes)
    {
        var failed = outcomes.Count(o => !o.Passed);
        if (failed > 0)
            PlainConsole.MarkupLine(console, $"[red]{failed} of {outcomes.Count} threshold{(outcomes.Count == 1 ? "" : "s")} failed[/]");
    }
}
