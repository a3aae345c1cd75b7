using Barrage.Reporting.Summaries;
using Barrage.Transport;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>The end-of-run summary, as tables.</summary>
internal static class SummaryRenderer
{
    private const int MaxTagRows = 30;

    public static void Render(IAnsiConsole console, RunSummary s)
    {
        PlainConsole.Write(console, Blocks(s));
        ThresholdRenderer.RenderVerdict(console, s.Thresholds);
    }

    /// <summary>The summary's boxes, top to bottom.</summary>
    internal static List<ISummaryBlock> Blocks(RunSummary s)
    {
        List<ISummaryBlock> blocks = [Overview(s), Latency(s)];
        if (Tags(s) is { } tags)
            blocks.Add(tags);
        var outcomes = new SummaryTable("outcomes").Column("kind").Column("code").Column("count", right: true).Column("share", right: true);
        foreach (var row in s.Outcomes)
        {
            outcomes.Row(SummaryCell.Markup(row.Kind), SummaryCell.Markup(Markup.Escape(row.Meaning is null ? row.Code : $"{row.Code} {row.Meaning}")),
                SummaryCell.Markup(Format.Count(row.Count)), SummaryCell.Markup(Format.Percent(row.Count, s.Requests)));
        }
        if (outcomes.RowCount > 0)
            blocks.Add(outcomes);
        if (Checks(s.Checks) is { } checks)
            blocks.Add(checks);
        if (ThresholdRenderer.Table(s.Thresholds) is { } thresholds)
            blocks.Add(thresholds);
        return blocks;
    }

    private static SummaryPanel Overview(RunSummary s)
    {
        var stop = s.StopReason switch
        {
            Engine.StopReason.Interrupted => "[yellow]interrupted[/]",
            Engine.StopReason.Autostopped => "[yellow]autostopped[/]",
            Engine.StopReason.DataExhausted => "[yellow]data exhausted[/]",
            Engine.StopReason.StoppedByCheck => "[yellow]stopped by a check (on_failure: stop_test)[/]",
            _ => "completed",
        };
        var overview = new SummaryPanel($"Summary: {s.Name}");
        overview.Add("target", SummaryCell.Text(s.Target));
        overview.Add("started", SummaryCell.Text(s.StartedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture)));
        overview.Add("duration", SummaryCell.Markup($"{s.Duration.TotalSeconds:0.00} s ({stop})"));
        if (s.Model == Plans.LoadModel.Open)
        {
            var droppedColor = s.Dropped > 0 ? "red" : "green";
            overview.Add("arrivals", SummaryCell.Markup(
                $"planned {Format.Count(s.Planned)} · sent {Format.Count(s.Sent)} · completed {Format.Count(s.Completed)} · [{droppedColor}]dropped {Format.Count(s.Dropped)}[/] ({Format.Percent(s.Dropped, s.Planned)})"));
            if (s.Seed is { } seed)
                overview.Add("poisson seed", SummaryCell.Text(seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            overview.Add("users", SummaryCell.Text(s.Users.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        overview.Add("requests", SummaryCell.Markup($"[bold]{Format.Count(s.Requests)}[/]   {Format.Rate(s.Rps)} rps"));
        overview.Add("successes", SummaryCell.Text($"{Format.Count(s.Successes)} ({Format.Percent(s.Successes, s.Requests)})"));
        var errorColor = s.Errors > 0 ? "red" : "green";
        overview.Add("errors", SummaryCell.Markup(
            $"[{errorColor}]{Format.Count(s.Errors)}[/] ({Format.Percent(s.Errors, s.Requests)}): {Format.Count(s.NetErrors)} transport{(s.CutAtStop > 0 ? $" ({Format.Count(s.CutAtStop)} cut at the graceful stop)" : "")}, {Format.Count(s.HttpErrors)} HTTP ≥ 400"));
        if (s.ChecksPassed + s.CheckFailures > 0)
        {
            var checkColor = s.CheckFailures > 0 ? "red" : "green";
            overview.Add("checks", SummaryCell.Markup(
                $"{Format.Count(s.ChecksPassed)} passed, [{checkColor}]{Format.Count(s.CheckFailures)} failed[/] ({Format.Percent(s.ChecksPassed, s.ChecksPassed + s.CheckFailures)} passed)"));
        }
        else
        {
            overview.Add("check failures", SummaryCell.Text(Format.Count(s.CheckFailures)));
        }
        overview.Add("bytes in / out", SummaryCell.Text($"{Format.Bytes(s.BytesIn)} / {Format.Bytes(s.BytesOut)}"));
        return overview;
    }

    private static SummaryTable Latency(RunSummary s)
    {
        var latency = new SummaryTable("latency").Column("", noWrap: true);
        foreach (var h in new[] { "min", "mean", "p50", "p90", "p99", "p99.9", "max" })
            latency.Column(h, right: true);
        AddLatencyRow(latency, "service", s.Latency);
        if (s.ResponseTime != s.Latency || s.Model == Plans.LoadModel.Open)
            AddLatencyRow(latency, "response", s.ResponseTime);
        if (s.Model == Plans.LoadModel.Open)
            AddLatencyRow(latency, "dispatch lag", s.DispatchLag);
        return latency;
    }

    /// <summary>
    /// A row per tag, as Locust and Gatling end with one per request name; none for a single tag, which the latency
    /// table already shows. At most <see cref="MaxTagRows"/> rows: the reports (<c>barrage report</c>) have them all.
    /// </summary>
    private static SummaryTable? Tags(RunSummary s)
    {
        if (s.Tags.Count < 2)
            return null;
        var open = s.Model == Plans.LoadModel.Open;
        string[] figures = ["requests", "rps", "errors", "p50", "p90", "p99", "max", .. open ? new[] { "response p99" } : []];
        var table = new SummaryTable("per tag").Column("tag");
        foreach (var h in figures)
            table.Column(h, right: true);
        foreach (var t in s.Tags.Take(MaxTagRows))
        {
            var errors = t.Errors > 0 ? $"[red]{Format.Count(t.Errors)}[/] ({Format.Percent(t.Errors, t.Requests)})" : "0";
            var row = new List<SummaryCell>
            {
                SummaryCell.Text(t.Tag), SummaryCell.Text(Format.Count(t.Requests)), SummaryCell.Text(Format.Rate(t.Rps)), SummaryCell.Markup(errors),
                SummaryCell.Text(Format.Micros(t.Latency.P50)), SummaryCell.Text(Format.Micros(t.Latency.P90)),
                SummaryCell.Text(Format.Micros(t.Latency.P99)), SummaryCell.Text(Format.Micros(t.Latency.Max)),
            };
            if (open)
                row.Add(SummaryCell.Text(Format.Micros(t.ResponseTime.P99)));
            table.Row([.. row]);
        }
        if (s.Tags.Count > MaxTagRows)
            table.Row([SummaryCell.Text($"… {s.Tags.Count - MaxTagRows} more (barrage report)"), .. Enumerable.Repeat(SummaryCell.Text(""), figures.Length)]);
        return table;
    }

    // Failing checks first, so a long list still shows what went wrong at the top.
    private static SummaryTable? Checks(IReadOnlyList<CheckSummary> checks)
    {
        if (checks.Count == 0)
            return null;
        var table = new SummaryTable("checks").Column("check").Column("tag").Column("passed", right: true)
            .Column("failed", right: true).Column("passed %", right: true);
        foreach (var c in checks.OrderByDescending(c => c.Failed > 0))
        {
            var failed = c.Failed > 0 ? $"[red]{Format.Count(c.Failed)}[/]" : Format.Count(c.Failed);
            table.Row(SummaryCell.Text(c.Name), SummaryCell.Text(c.Tag), SummaryCell.Text(Format.Count(c.Passed)), SummaryCell.Markup(failed),
                SummaryCell.Text(Format.Percent(c.Passed, c.Passed + c.Failed)));
        }
        return table;
    }

    private static void AddLatencyRow(SummaryTable table, string name, LatencySummary l) => table.Row(
        SummaryCell.Markup(name), SummaryCell.Markup(Format.Micros(l.Min)), SummaryCell.Markup(Format.Micros(l.Mean)), SummaryCell.Markup(Format.Micros(l.P50)),
        SummaryCell.Markup(Format.Micros(l.P90)), SummaryCell.Markup(Format.Micros(l.P99)), SummaryCell.Markup(Format.Micros(l.P999)),
        SummaryCell.Markup(Format.Micros(l.Max)));
}
