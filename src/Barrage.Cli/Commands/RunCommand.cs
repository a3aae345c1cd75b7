using System.CommandLine;
using Barrage.Cli.Output;
using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Plans;
using Barrage.Reporting.Summaries;
using Barrage.Target;
using Barrage.Transport;
using Barrage.Transport.Managed;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage run PLAN</c>: runs a plan with a live view, prints the summary, writes results.</summary>
internal static class RunCommand
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(IAnsiConsole console, CancellationToken interrupt)
    {
        var planArgument = new Argument<string>("PLAN") { Description = "The plan file (YAML)." };
        var users = new Option<int?>("--users", "-u") { Description = "Number of users (overrides load.users)." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Test duration, e.g. 30s, 5m, 1h30m (overrides load.duration)." };
        var iterations = new Option<long?>("--iterations", "-i") { Description = "Iterations of main per user (overrides load.iterations)." };
        var target = new Option<string?>("--target", "-t") { Description = "Target base URL, or 'builtin' (overrides target)." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for the results (summary.json)." };
        var command = new Command("run", "Run a load test plan.")
        {
            planArgument, users, duration, iterations, target, outDir,
        };
        command.SetAction(async (parse, _) =>
        {
            TimeSpan? durationValue = null;
            if (parse.GetValue(duration) is { } text)
            {
                if (!Durations.TryParse(text, out var d, out var error))
                {
                    ErrorPrinter.Print(console, [new PlanError(SourcePosition.None, $"--duration: {error}")]);
                    return ExitCodes.BadInput;
                }
                durationValue = d;
            }
            var overrides = new PlanOverrides
            {
                Users = parse.GetValue(users),
                Duration = durationValue,
                Iterations = parse.GetValue(iterations),
                Target = parse.GetValue(target),
            };
            var plan = PlanArguments.Load(console, parse.GetRequiredValue(planArgument), overrides);
            if (plan is null)
                return ExitCodes.BadInput;
            return await ExecuteAsync(console, plan, parse.GetValue(outDir), interrupt);
        });
        return command;
    }

    /// <summary>Runs a validated plan: starts the built-in target if asked, probes the target, runs, reports.</summary>
    public static async Task<int> ExecuteAsync(IAnsiConsole console, Plan plan, string? outDir, CancellationToken interrupt)
    {
        TargetServer? builtin = null;
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

            var collector = new MetricsCollector();
            var runner = new LoadRunner(plan, baseAddress, new HttpClientTransportFactory(new TransportOptions()), collector);
            var title = $"{plan.Name} → {baseAddress}";
            var run = runner.RunAsync(interrupt);
            await new LiveView(console, runner.Progress, collector, title).FollowAsync(run);
            var outcome = await run;

            var summary = RunSummary.From(plan.Name, baseAddress.ToString(), plan.Load.Users, outcome, collector.Total);
            SummaryRenderer.Render(console, summary);
            if (outDir is not null)
                WriteResults(console, outDir, summary);

            if (outcome.Reason == StopReason.Interrupted)
                return ExitCodes.Interrupted;
            if (summary.TargetUnreachable)
            {
                console.MarkupLine("[red]error:[/] no request reached the target.");
                return ExitCodes.TargetUnreachable;
            }
            return ExitCodes.Ok;
        }
        finally
        {
            if (builtin is not null)
                await builtin.DisposeAsync();
        }
    }

    private static void WriteResults(IAnsiConsole console, string outDir, RunSummary summary)
    {
        try
        {
            Directory.CreateDirectory(outDir);
            var path = Path.Combine(outDir, "summary.json");
            SummaryJson.WriteFile(summary, path);
            console.MarkupLineInterpolated($"[grey]summary written to {path}[/]");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] could not write the results to {outDir}: {e.Message}");
        }
    }
}
