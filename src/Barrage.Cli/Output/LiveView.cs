using System.Diagnostics;
using Barrage.Engine;
using Barrage.Metrics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Barrage.Cli.Output;

/// <summary>
/// Shows a running test once a second: elapsed, requests, current and average rate, errors, latency,
/// users and requests in flight. On a terminal it redraws in place; when output is redirected (CI, a
/// log file) it prints one line per second instead.
/// </summary>
internal sealed class LiveView(IAnsiConsole console, RunProgress progress, MetricsCollector collector, string title)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly Aggregate _interval = new();
    private long _lastFlush = Stopwatch.GetTimestamp();
    private double _currentRps;

    /// <summary>Updates the view until <paramref name="run"/> ends, then flushes the last samples into the total.</summary>
    /// <param name="run">The run.</param>
    /// <param name="plain">Print a line a second instead of a live display, which other output (a scenario's log) would tear.</param>
    public async Task FollowAsync(Task run, bool plain = false)
    {
        if (!plain && console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi)
        {
            await console.Live(Render()).AutoClear(false).StartAsync(async context =>
            {
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(Period));
                    Tick();
                    context.UpdateTarget(Render());
                }
            });
        }
        else
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(Period));
                Tick();
                if (!run.IsCompleted)
                    WritePlain(Line());
            }
        }
        await run;
        Tick();
    }

    private void Tick()
    {
        var now = Stopwatch.GetTimestamp();
        collector.Flush(_interval);
        var seconds = Stopwatch.GetElapsedTime(_lastFlush, now).TotalSeconds;
        _lastFlush = now;
        _currentRps = seconds > 0 ? _interval.Requests / seconds : 0;
    }

    private TimeSpan Elapsed => progress.StartTimestamp == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(progress.StartTimestamp);

    private double AverageRps => Elapsed.TotalSeconds > 0 ? collector.Total.Requests / Elapsed.TotalSeconds : 0;

    private string ElapsedText => progress.PlannedDuration is { } planned
        ? $"{Format.Duration(Elapsed)} / {Format.Duration(planned)}"
        : Format.Duration(Elapsed);

    /// <summary>
    /// Writes a progress line as it is, one line however long: Spectre's markup would parse it, measure every character
    /// and wrap it at the console's width (measured, 3–4 ms of CPU a line, a second line when it wrapped at 160 columns).
    /// </summary>
    private void WritePlain(string line)
    {
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(line);
        writer.Flush();
    }

    private string Line()
    {
        var total = collector.Total;
        return
            $"[{ElapsedText}] {Format.Count(total.Requests)} req  {Format.Rate(_currentRps)} rps (avg {Format.Rate(AverageRps)})  " +
            $"errors {Format.Count(total.Errors)}  p50 {Format.Micros(Percentile(total.ServiceTime, 50))}  " +
            $"p99 {Format.Micros(Percentile(total.ServiceTime, 99))}  {WhoLabel} {Who()}  in-flight {progress.InFlight}";
    }

    private string WhoLabel => progress.Model == Plans.LoadModel.Open ? "arrivals" : "users";

    /// <summary>Users for the closed model; planned, sent and dropped arrivals for the open one (after <see cref="WhoLabel"/>).</summary>
    private string Who() => progress.Model == Plans.LoadModel.Open
        ? $"{Format.Count(progress.ArrivalsSent)} sent / {Format.Count(progress.ArrivalsDue)} due / {Format.Count(progress.PlannedArrivals)} planned, {Format.Count(progress.ArrivalsDropped)} dropped, {progress.ArrivalsWaiting} waiting (max in flight {progress.MaxInFlight})"
        : $"{progress.ActiveUsers} / {progress.PlannedUsers}";

    private static long Percentile(HdrHistogram.HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile);

    private IRenderable Render()
    {
        var total = collector.Total;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        var fraction = progress.PlannedDuration is { } planned && planned > TimeSpan.Zero
            ? Math.Clamp(Elapsed / planned, 0, 1)
            : 0;
        var bar = new string('█', (int)(fraction * 30)) + new string('░', 30 - (int)(fraction * 30));
        grid.AddRow(new Markup("[grey]elapsed[/]"), new Markup(Markup.Escape($"{ElapsedText}  {bar}")));
        grid.AddRow(new Markup("[grey]requests[/]"), new Markup(
            $"[bold]{Format.Count(total.Requests)}[/]   [bold]{Format.Rate(_currentRps)}[/] rps now · {Format.Rate(AverageRps)} avg"));
        var errorColor = total.Errors > 0 ? "red" : "green";
        grid.AddRow(new Markup("[grey]errors[/]"), new Markup(
            $"[{errorColor}]{Format.Count(total.Errors)}[/] ({Format.Percent(total.Errors, total.Requests)})"));
        grid.AddRow(new Markup("[grey]latency[/]"), new Markup(Markup.Escape(
            $"p50 {Format.Micros(Percentile(total.ServiceTime, 50))} · p99 {Format.Micros(Percentile(total.ServiceTime, 99))}" +
            $"   (last second p99 {Format.Micros(Percentile(_interval.ServiceTime, 99))})")));
        grid.AddRow(new Markup($"[grey]{WhoLabel}[/]"), new Markup(
            $"{Markup.Escape(Who())}   in flight {progress.InFlight}{(progress.Stopping ? "   [yellow]stopping…[/]" : "")}"));
        return new Panel(grid).Header(Markup.Escape(title)).Border(BoxBorder.Rounded);
    }
}
