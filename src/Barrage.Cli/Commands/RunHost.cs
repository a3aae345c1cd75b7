using System.Globalization;
using Barrage.Autostop;
using Barrage.Cli.Output;
using Barrage.Cluster;
using Barrage.Engine;
using Barrage.Formats.Ammo;
using Barrage.Formats.Phout;
using Barrage.Load;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using Barrage.Reporting.Export;
using Barrage.Reporting.Reports;
using Barrage.Reporting.Store;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;
using Barrage.Target;
using Barrage.Transport;
using Barrage.Web.Live;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>
/// Runs a validated plan for <c>run</c> and <c>hit</c>: reads its ammo, starts the built-in target if
/// asked, probes the target, runs with the live view, prints the summary and writes the result files.
/// </summary>
internal static class RunHost
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <param name="console">Where everything is shown.</param>
    /// <param name="plan">The plan, overrides applied.</param>
    /// <param name="outDir">The run directory; null for none unless the plan's outputs ask for files.</param>
    /// <param name="interrupt">Ctrl-C: stops the test gracefully.</param>
    /// <param name="store">The <c>--store</c> option: where the run is recorded (see <see cref="RunStoreLocation"/>).</param>
    /// <param name="prometheus">The <c>--prometheus</c> option: where live metrics are served; null for nowhere.</param>
    /// <param name="live">The dashboard following the run (<c>run --ui</c>, the Start page); null for none.</param>
    /// <param name="debug">The <c>--debug</c> option: print each request and response.</param>
    /// <param name="cluster">The <c>--nats</c> options: agents run the load and this process coordinates; null to run it here.</param>
    public static async Task<int> ExecuteAsync(IAnsiConsole console, Plan plan, string? outDir, CancellationToken interrupt, string? store = null,
        PrometheusAddress? prometheus = null, ILiveRunFeed? live = null, bool debug = false, ClusterLaunch? cluster = null)
    {
        IReadOnlyList<AmmoRequest>? ammo = null;
        if (plan.Ammo is { } spec)
        {
            ammo = ReadAmmo(console, spec);
            if (ammo is null)
                return ExitCodes.BadInput;
        }
        if (outDir is null && (plan.Outputs.Count > 0 || cluster?.CollectPhout == true))
            outDir = DefaultRunDirectory(plan);

        TargetServer? builtin = null;
        PrometheusExporter? exporter = null;
        JsonlWriter? jsonl = null;
        ClusterRun? remote = null;
        try
        {
            Uri baseAddress;
            if (plan.Target.IsBuiltin)
            {
                builtin = await TargetServer.StartAsync(new TargetServerOptions(), interrupt);
                baseAddress = builtin.BaseAddress;
                console.MarkupLineInterpolated($"[grey]built-in target listening on {baseAddress}[/]");
            }
            else
            {
                baseAddress = plan.Target.Url!;
            }

            if (await TargetProbe.CheckAsync(baseAddress, ProbeTimeout, interrupt) is { } failure)
            {
                console.MarkupLineInterpolated($"[red]error:[/] the target cannot be reached: {failure.Message}");
                return interrupt.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.TargetUnreachable;
            }

            PhoutWriter? phout = null;
            var startedAt = DateTimeOffset.UtcNow;
            if (outDir is not null)
            {
                try
                {
                    Directory.CreateDirectory(outDir);
                    // In a cluster the samples stay on the agents: the coordinator has no phout to write.
                    if (cluster is null)
                        phout = PhoutWriter.Create(Path.Combine(outDir, "phout.log"));
                    if (plan.Outputs.Contains("jsonl"))
                        jsonl = JsonlWriter.Create(Path.Combine(outDir, "metrics.jsonl"), startedAt);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] cannot write results to {outDir}: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }

            RunProgress? running = null;
            RunGauges Gauges() => running is null
                ? new RunGauges(0, 0, null)
                : new RunGauges(running.ActiveUsers, running.InFlight,
                    plan.Load.Schedule is { } schedule && plan.Load.Model == LoadModel.Open ? schedule.RateAt(TimeSpan.FromMicroseconds(RunClock(running))) : null);
            if (prometheus is not null)
            {
                (exporter, var exportError) = await PrometheusExporter.StartAsync(prometheus, Gauges);
                if (exporter is null)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {exportError}");
                    return ExitCodes.BadInput;
                }
                console.MarkupLineInterpolated($"[grey]prometheus metrics on {prometheus.MetricsUrl}{(prometheus.IsAnyAddress ? " (listening on every interface)" : "")}{(prometheus.Token is null ? "" : prometheus.TokenGenerated ? $"; scrapes need Authorization: Bearer {prometheus.Token} (or give --prometheus-token)" : "; scrapes need the bearer token")}[/]");
            }

            var collector = new MetricsCollector();
            var series = new TimeSeriesCollector
            {
                SealDelay = cluster is null ? TimeSeriesCollector.DefaultSealDelay : ClusterRun.MergeDelayUs,
                GroupTags = plan.Scenario.GroupTags(),
            };
            List<ISampleSink> sinks = [collector, series];
            if (phout is not null)
                sinks.Add(phout);
            if (exporter is not null)
                sinks.Add(exporter);
            ISampleSink sink = new SinkFanout([.. sinks]);
            var feed = ammo is null ? null : new RequestFeed([.. ammo.Select(a => a.ToPreparedRequest(baseAddress))], plan.Ammo!.Loop);
            var transports = TransportChoice.Create(plan.Transport, baseAddress);
            using var disposeTransports = transports as IDisposable; // HTTP/2's shared handler
            // The scenario's log (and debug output) print as they come, so the live display gives way to plain lines.
            var logs = debug || plan.Scenario.AllActivities().Any(a => a is LogActivity);
            var options = new Scenarios.ScenarioOptions { Log = logs ? new ConsoleScenarioLog(console) : null, Debug = debug };
            Func<CancellationToken, Task<RunOutcome>> start;
            RunProgress progress;
            int? seed = null;
            if (cluster is not null)
            {
                var clusterOptions = cluster.CollectPhout ? cluster.Options with { CollectPhoutDir = Path.Combine(outDir!, "agents") } : cluster.Options;
                remote = await ClusterCoordinator.PrepareAsync(clusterOptions, plan, cluster.Overrides, baseAddress, collector, series,
                    line => console.MarkupLineInterpolated($"[grey]{line}[/]"), interrupt);
                if (remote is null)
                    return interrupt.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.ClusterFailed;
                seed = remote.Seed;
                progress = remote.Progress;
                start = remote.RunAsync;
            }
            else if (plan.Load.Model == LoadModel.Open)
            {
                var open = new OpenModelRunner(plan, baseAddress, transports, sink, feed: feed, options: options);
                if (plan.Load.Arrivals == ArrivalKind.Poisson)
                {
                    seed = open.Seed;
                    console.MarkupLineInterpolated($"[grey]poisson arrivals with seed {open.Seed} (--seed {open.Seed} repeats them)[/]");
                }
                progress = open.Progress;
                start = open.RunAsync;
            }
            else if (plan.Load.UsersOverTime is not null || plan.Load.Cycles is not null)
            {
                var changing = new UserScheduleRunner(plan, baseAddress, transports, sink, feed: feed, options: options);
                progress = changing.Progress;
                start = changing.RunAsync;
            }
            else
            {
                var closed = new LoadRunner(plan, baseAddress, transports, sink, feed: feed, options: options);
                progress = closed.Progress;
                start = closed.RunAsync;
            }

            running = progress;

            // Autostop stops the run the way Ctrl-C does (gracefully), through a token of its own.
            using var stopper = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
            var autostop = new AutostopMonitor(plan.Autostop);
            await using var recorder = RunRecorder.Start(RunStoreLocation.Resolve(store),
                new RunStart(plan.Name, baseAddress.ToString(), PlanText.For(plan), startedAt, plan.Load.Users, outDir is null ? null : Path.GetFullPath(outDir)),
                series, () => RunClock(progress), slice =>
                {
                    jsonl?.Write(slice);
                    live?.Second(slice, slice.Tag is null ? Gauges() : null);
                    if (slice is { Tag: null, IsLate: false } && autostop.Observe(slice.Second, slice.Stats))
                        stopper.Cancel();
                }, Gauges);
            live?.Started(recorder.RunId, plan, recorder.Totals);
            if (autostop.Limit is { } limit)
                stopper.CancelAfter(limit);
            var run = start(stopper.Token);
            await new LiveView(console, progress, collector, $"{plan.Name} → {baseAddress}").FollowAsync(run, plain: logs);
            var outcome = await run;

            string? autostopReason = null;
            if (stopper.IsCancellationRequested && !interrupt.IsCancellationRequested && outcome.Reason == StopReason.Interrupted)
            {
                autostopReason = autostop.Reason ?? $"limit({Durations.Format(autostop.Limit ?? TimeSpan.Zero)}): the run's time limit was reached";
                outcome = outcome with { Reason = StopReason.Autostopped };
            }
            var totals = await recorder.CompleteAsync();
            var thresholds = ThresholdEvaluator.Evaluate(plan.Thresholds, totals, outcome.Elapsed);
            var isOpen = plan.Load.Model == LoadModel.Open;
            var summary = RunSummary.From(plan.Name, baseAddress.ToString(), isOpen ? 0 : plan.Load.Users, outcome, collector.Total) with
            {
                Thresholds = thresholds,
                Model = plan.Load.Model,
                Planned = progress.ArrivalsDue,
                Sent = progress.ArrivalsSent,
                Completed = progress.ArrivalsCompleted,
                Seed = seed,
                Agents = remote is null ? [] : AgentBreakdown.Summaries(remote.Agents),
                Tags = TagSummary.From(totals, outcome.Elapsed),
            };
            SummaryRenderer.Render(console, summary);
            if (autostopReason is not null)
                console.MarkupLineInterpolated($"[yellow]autostop:[/] {autostopReason}");
            AgentBreakdown.Render(console, summary.Agents);
            var written = true; // every result file asked for was written in full
            if (remote is not null && outDir is not null)
                written &= AgentBreakdown.WriteJson(console, remote.Agents, outDir);
            if (phout is not null)
                written &= ReportPhout(console, await phout.CompleteAsync(), outDir!);
            if (jsonl is not null)
            {
                jsonl.Dispose();
                written &= jsonl.Error is null;
                if (jsonl.Error is not null)
                    console.MarkupLineInterpolated($"[red]error:[/] the jsonl output stopped: {jsonl.Error}");
                else
                    PlainConsole.MarkupLine(console, $"[grey]{Format.Count(jsonl.Lines)} per-second lines written to {jsonl.Path}[/]");
            }
            var exitCode = ExitCode(outcome, summary);
            if (!recorder.Finish(summary, exitCode, thresholds))
            {
                // The store failed: the run directory is then the only record, so make sure there is one.
                outDir ??= DefaultRunDirectory(plan);
                console.MarkupLineInterpolated($"[yellow]warning:[/] the run was not recorded in the run store: {recorder.Error}; results are in {outDir}");
            }
            else
            {
                PlainConsole.MarkupLine(console, $"[grey]run #{recorder.RunId} recorded in {recorder.StorePath}[/]");
            }
            if (outDir is not null)
            {
                written &= WriteSummary(console, outDir, summary);
                written &= WriteReports(console, outDir, recorder);
            }

            if (exitCode == ExitCodes.TargetUnreachable)
                console.MarkupLine("[red]error:[/] no request reached the target.");
            // The run store keeps the test's own verdict; the process says that its files are not whole.
            if (exitCode == ExitCodes.Ok && !written)
            {
                console.MarkupLine($"[red]error:[/] the test passed, but results were lost (above): exit code {ExitCodes.ResultsIncomplete}.");
                return ExitCodes.ResultsIncomplete;
            }
            return exitCode;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // Ctrl-C or a signal before the run began (the target probe, the built-in target's start): nothing was
            // measured, nothing is lost. Once the run has begun, an interrupt ends it as an outcome and never gets here.
            console.MarkupLine("[yellow]interrupted[/] before the run started: nothing was sent.");
            return ExitCodes.Interrupted;
        }
        finally
        {
            if (remote is not null)
                await remote.DisposeAsync();
            jsonl?.Dispose();
            if (exporter is not null)
                await exporter.DisposeAsync();
            if (builtin is not null)
                await builtin.DisposeAsync();
        }
    }

    /// <summary>An interrupted run exits 130, an autostopped one 4 and an unreachable target 3, whatever the thresholds say; then failed thresholds exit 1.</summary>
    private static int ExitCode(RunOutcome outcome, RunSummary summary)
    {
        if (outcome.Reason == StopReason.Interrupted)
            return ExitCodes.Interrupted;
        if (outcome.Reason is StopReason.Autostopped or StopReason.StoppedByCheck)
            return ExitCodes.Autostopped; // stopped early by a criterion of the plan's
        if (summary.TargetUnreachable)
            return ExitCodes.TargetUnreachable;
        return summary.Thresholds.Any(t => !t.Passed) ? ExitCodes.ThresholdsFailed : ExitCodes.Ok;
    }

    /// <summary>Microseconds since the load started (the samples' clock); 0 before it starts.</summary>
    private static long RunClock(RunProgress progress) =>
        progress.StartTimestamp == 0 ? 0 : Timing.ToMicros(System.Diagnostics.Stopwatch.GetTimestamp() - progress.StartTimestamp);

    private static IReadOnlyList<AmmoRequest>? ReadAmmo(IAnsiConsole console, AmmoSpec spec)
    {
        var style = Enum.Parse<AmmoStyle>(spec.Style == "uripost" ? "UriPost" : spec.Style, ignoreCase: true);
        try
        {
            var requests = AmmoReader.Read(spec.Path, style);
            if (requests.Count == 0)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {spec.Path}: the ammo file has no requests");
                return null;
            }
            return requests;
        }
        catch (AmmoFormatException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot read ammo {spec.Path}: {e.Message}");
        }
        return null;
    }

    private static string DefaultRunDirectory(Plan plan)
    {
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var safeName = string.Concat(plan.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
        return Path.Combine("runs", $"{stamp}-{safeName}");
    }

    /// <returns>False when result lines were lost (said in an error line).</returns>
    private static bool ReportPhout(IAnsiConsole console, PhoutWriteResult result, string outDir)
    {
        var path = Path.Combine(outDir, "phout.log");
        if (result.LinesLost > 0)
        {
            console.MarkupLineInterpolated(
                $"[red]error:[/] {path}: {Format.Count(result.LinesLost)} result lines lost ({result.Error}); {Format.Count(result.LinesWritten)} written");
            return false;
        }
        PlainConsole.MarkupLine(console, $"[grey]{Format.Count(result.LinesWritten)} results written to {path}[/]");
        return true;
    }

    /// <summary>report.html and report.json, built from what the store recorded (the same data <c>barrage report</c> reads).</summary>
    /// <returns>False when the report could not be written (said in an error line); true when it was, or when the store (which it is built from) did not record the run, already said in a warning.</returns>
    private static bool WriteReports(IAnsiConsole console, string outDir, RunRecorder recorder)
    {
        if (recorder.RunId is not { } id || recorder.Error is not null)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] no report.html: reports are built from the run store, which did not record this run");
            return true;
        }
        try
        {
            using var store = RunStore.Open(recorder.StorePath);
            if (ReportBuilder.FromStore(store, id) is { } report)
            {
                var files = ReportFiles.WriteRunDirectory(report, outDir);
                PlainConsole.MarkupLine(console, $"[grey]report written to {files[0]} (data: {files[1]})[/]");
            }
            return true;
        }
        catch (StoreException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] no report.html: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] could not write the report in {outDir}: {e.Message}");
        }
        return false;
    }

    /// <summary><c>summary.json</c> in <paramref name="outDir"/> (made if missing), for <c>run</c>, <c>hit</c> and <c>merge</c>.</summary>
    /// <returns>False when summary.json could not be written (said in an error line).</returns>
    internal static bool WriteSummary(IAnsiConsole console, string outDir, RunSummary summary)
    {
        var path = Path.Combine(outDir, "summary.json");
        try
        {
            Directory.CreateDirectory(outDir);
            SummaryJson.WriteFile(summary, path);
            PlainConsole.MarkupLine(console, $"[grey]summary written to {path}[/]");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing of this summary was left behind; a summary.json of an earlier run into the same directory must
            // not be taken for this one's either.
            try
            {
                if (File.Exists(path))
                    File.Delete(path);
            }
            catch (Exception stale) when (stale is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {path} is an earlier run's and could not be removed: {stale.Message}");
            }
            console.MarkupLineInterpolated($"[red]error:[/] could not write {path}: {e.Message}");
            return false;
        }
    }
}
