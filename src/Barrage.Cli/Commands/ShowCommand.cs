using System.CommandLine;
using Barrage.Cli.Output;
using Barrage.Reporting.Store;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage show RUN</c>: a recorded run's summary, printed again as it was at the end of the run.</summary>
internal static class ShowCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var run = new Argument<string>("RUN") { Description = "A run id (see barrage history) or 'last'." };
        var store = ResultOptions.StoreOption();
        var command = new Command("show", "Print a recorded run's summary again.") { run, store };
        command.SetAction(parse =>
        {
            using var runs = StoreAccess.Open(console, parse.GetValue(store));
            if (runs is null)
                return ExitCodes.BadInput;
            try
            {
                if (StoreAccess.Find(console, runs, parse.GetRequiredValue(run)) is not { } found)
                    return ExitCodes.BadInput;
                console.MarkupLineInterpolated(
                    $"[grey]run #{found.Id} · plan {found.PlanHash[..12]} · {found.Host} · Barrage {found.Version} · exit code {(found.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (not finished)")}[/]");
                var summary = StoredSummary.Build(found, runs.ReadTotals(found.Id));
                SummaryRenderer.Render(console, summary);
                AgentBreakdown.Render(console, summary.Agents);
                return ExitCodes.Ok;
            }
            catch (StoreException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
