using System.CommandLine;
using System.Globalization;
using Barrage.Cli.Output;
using Barrage.Reporting.Store;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage history</c>: the recorded runs, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var name = new Option<string?>("--name") { Description = "Only runs of the plan with this name." };
        var limit = new Option<int>("--limit", "-n") { Description = "How many runs to list.", DefaultValueFactory = _ => 20 }.Numeric();
        var store = ResultOptions.StoreOption();
        var command = new Command("history", "List recorded runs, newest first: id, when, name, duration, rps, p99, errors, verdict.")
        {
            name, limit, store,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(limit) < 1)
            {
                console.MarkupLine("[red]error:[/] --limit must be at least 1");
                return ExitCodes.BadInput;
            }
            using var runs = StoreAccess.Open(console, parse.GetValue(store));
            if (runs is null)
                return File.Exists(RunStoreLocation.Resolve(parse.GetValue(store))) ? ExitCodes.BadInput : ExitCodes.Ok;
            try
            {
                var list = runs.List(parse.GetValue(name), parse.GetValue(limit));
                if (list.Count == 0)
                {
                    console.MarkupLineInterpolated($"no runs recorded{(parse.GetValue(name) is { } n ? $" for '{n}'" : "")} in {runs.Path}");
                    return ExitCodes.Ok;
                }
                var table = new Table().Border(TableBorder.Rounded);
                table.AddColumn(new TableColumn("id").RightAligned()).AddColumn("when").AddColumn("name")
                    .AddColumn(new TableColumn("duration").RightAligned()).AddColumn(new TableColumn("rps").RightAligned())
                    .AddColumn(new TableColumn("p99").RightAligned()).AddColumn(new TableColumn("errors").RightAligned()).AddColumn("verdict");
                foreach (var r in list)
                {
                    table.AddRow(
                        new Text(r.Id.ToString(CultureInfo.InvariantCulture)),
                        new Text(r.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                        new Text(r.Name),
                        new Text(r.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"),
                        new Text(Format.Rate(r.Rps)),
                        new Text(Format.Micros(r.P99Us)),
                        new Text($"{Format.Count(r.Errors)} ({Format.Percent(r.Errors, r.Requests)})"),
                        new Markup(Verdict(r)));
                }
                console.Write(table);
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

    /// <summary>pass / FAIL by the thresholds, or how the run ended when it has none.</summary>
    internal static string Verdict(StoredRun r) => r.Verdict switch
    {
        "pass" => "[green]pass[/]",
        "fail" => "[red]FAIL[/]",
        "running" => "[yellow]running / lost[/]",
        _ => r.ExitCode switch
        {
            ExitCodes.Interrupted => "[yellow]interrupted[/]",
            ExitCodes.TargetUnreachable => "[red]unreachable[/]",
            _ => "[grey]-[/]",
        },
    };
}
