using Barrage.Reporting.Summaries;
using Barrage.Transport;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>The end-of-run summary, as tables.</summary>
internal static class SummaryRenderer
{
    public static void Render(IAnsiConsole console, RunSummary s)
    {
        var stop = s.StopReason switch
        {
            Engine.StopReason.Interrupted => "[yellow]interrupted[/]",
            Engine.StopReason.Autostopped => "[yellow]autostopped[/]",
            Engine.StopReason.DataExhausted => "[yellow]data exhausted[/]",
            Engine.StopReason.StoppedByCheck => "[yellow]stopped by a check (on_failure: stop_test)[/]",
            _ => "completed",
        };
        var overview = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        overview.AddRow(new Markup("[grey]target[/]"), new Text(s.Target));
        overview.AddRow(new Markup("[grey]started[/]"), new Text(s.StartedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture)));
        overview.AddRow(new Markup("[grey]duration[/]"), new Markup($"{s.Duration.TotalSeconds:0.00} s ({stop})"));
        if (s.Model == Plans.LoadModel.Open)
        {
            var droppedColor = s.Dropped > 0 ? "red" : "green";
            overview.AddRow(new Markup("[grey]arrivals[/]"), new Markup(
                $"planned {Format.Count(s.Planned)} · sent {Format.Count(s.Sent)} · completed {Format.Count(s.Completed)} · [{droppedColor}]dropped {Format.Count(s.Dropped)}[/] ({Format.Percent(s.Dropped, s.Planned)})"));
            if (s.Seed is { } seed)
                overview.AddRow(new Markup("[grey]poisson seed[/]"), new Text(seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            overview.AddRow(new Markup("[grey]users[/]"), new Text(s.Users.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        overview.AddRow(new Markup("[grey]requests[/]"), new Markup($"[bold]{Format.Count(s.Requests)}[/]   {Format.Rate(s.Rps)} rps"));
        overview.AddRow(new Markup("[grey]successes[/]"), new Text($"{Format.Count(s.Successes)} ({Format.Percent(s.Successes, s.Requests)})"));
        var errorColor = s.Errors > 0 ? "red" : "green";
        overview.AddRow(new Markup("[grey]errors[/]"), new Markup(
            $"[{errorColor}]{Format.Count(s.Errors)}[/] ({Format.Percent(s.Errors, s.Requests)}): {Format.Count(s.NetErrors)} transport, {Format.Count(s.HttpErrors)} HTTP ≥ 400"));
        if (s.ChecksPassed + s.CheckFailures > 0)
        {
            var checkColor = s.CheckFailures > 0 ? "red" : "green";
            overview.AddRow(new Markup("[grey]checks[/]"), new Markup(
                $"{Format.Count(s.ChecksPassed)} passed, [{checkColor}]{Format.Count(s.CheckFailures)} failed[/] ({Format.Percent(s.ChecksPassed, s.ChecksPassed + s.CheckFailures)} passed)"));
        }
        else
        {
            overview.AddRow(new Markup("[grey]check failures[/]"), new Text(Format.Count(s.CheckFailures)));
        }
        overview.AddRow(new Markup("[grey]bytes in / out[/]"), new Text($"{Format.Bytes(s.BytesIn)} / {Format.Bytes(s.BytesOut)}"));
        console.Write(new Panel(overview).Header($"Summary: {Markup.Escape(s.Name)}").Border(BoxBorder.Rounded));

        var latency = new Table().Border(TableBorder.Rounded).Title("latency");
        latency.AddColumn(new TableColumn("").NoWrap());
        foreach (var h in new[] { "min", "mean", "p50", "p90", "p99", "p99.9", "max" })
            latency.AddColumn(new TableColumn(h).RightAligned());
        AddLatencyRow(latency, "service", s.Latency);
        if (s.ResponseTime != s.Latency || s.Model == Plans.LoadModel.Open)
            AddLatencyRow(latency, "response", s.ResponseTime);
        if (s.Model == Plans.LoadModel.Open)
            AddLatencyRow(latency, "dispatch lag", s.DispatchLag);
        console.Write(latency);

        var outcomes = new Table().Border(TableBorder.Rounded).Title("outcomes");
        outcomes.AddColumn("kind").AddColumn("code").AddColumn(new TableColumn("count").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach (var row in s.Outcomes)
            outcomes.AddRow(row.Kind, Markup.Escape(row.Meaning is null ? row.Code : $"{row.Code} {row.Meaning}"), Format.Count(row.Count), Format.Percent(row.Count, s.Requests));
        if (outcomes.Rows.Count > 0)
            console.Write(outcomes);
        RenderChecks(console, s.Checks);
        ThresholdRenderer.Render(console, s.Thresholds);
    }

    // Failing checks first, so a long list still shows what went wrong at the top.
    private static void RenderChecks(IAnsiConsole console, IReadOnlyList<CheckSummary> checks)
    {
        if (checks.Count == 0)
            return;
        var table = new Table().Border(TableBorder.Rounded).Title("checks");
        table.AddColumn("check").AddColumn("tag").AddColumn(new TableColumn("passed").RightAligned())
            .AddColumn(new TableColumn("failed").RightAligned()).AddColumn(new TableColumn("passed %").RightAligned());
        foreach (var c in checks.OrderByDescending(c => c.Failed > 0))
        {
            var failed = c.Failed > 0 ? $"[red]{Format.Count(c.Failed)}[/]" : Format.Count(c.Failed);
            table.AddRow(new Text(c.Name), new Text(c.Tag), new Text(Format.Count(c.Passed)), new Markup(failed), new Text(Format.Percent(c.Passed, c.Passed + c.Failed)));
        }
        console.Write(table);
    }

    private static void AddLatencyRow(Table table, string name, LatencySummary l) => table.AddRow(
        name, Format.Micros(l.Min), Format.Micros(l.Mean), Format.Micros(l.P50), Format.Micros(l.P90),
        Format.Micros(l.P99), Format.Micros(l.P999), Format.Micros(l.Max));
}
