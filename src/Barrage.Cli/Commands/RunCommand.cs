using System.CommandLine;
using Barrage.Cli.Output;
using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage run PLAN</c>: runs a plan (or a Phantom ammo file) with a live view, prints the summary, writes results.</summary>
internal static class RunCommand
{
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    public static Command Create(IAnsiConsole console, CancellationToken interrupt)
    {
        var planArgument = new Argument<string?>("PLAN") { Description = "The plan file (YAML). Optional with --ammo.", Arity = ArgumentArity.ZeroOrOne };
        var users = new Option<int?>("--users", "-u") { Description = "Number of users (overrides load.users)." }.Numeric();
        var duration = new Option<string?>("--duration", "-d") { Description = "Test duration, e.g. 30s, 5m, 1h30m (overrides load.duration)." };
        var iterations = new Option<long?>("--iterations", "-i") { Description = "Iterations of main per user (overrides load.iterations)." }.Numeric();
        var target = new Option<string?>("--target", "-t") { Description = "Target base URL, or 'builtin' (overrides target)." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for the results: summary.json and phout.log." };
        var ammo = new Option<string?>("--ammo") { Description = "A Phantom ammo file (request, uri or uripost style; gzip is fine) whose requests make up main." };
        var ammoOnce = new Option<bool>("--ammo-once") { Description = "Send the ammo once and stop, instead of looping over it." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not check the target's TLS certificate." };
        var seed = new Option<int?>("--seed") { Description = "The seed of Poisson arrivals and of the users' random values (overrides load.seed), to repeat a run." }.Numeric();
        var debug = new Option<bool>("--debug") { Description = "Print each request and response as it goes (credentials masked); best with few users and iterations." };
        var ui = new Option<bool>("--ui") { Description = "Serve the dashboard while the test runs and print its address." };
        var uiListen = new Option<string>("--ui-listen") { Description = "Where --ui listens (host:port).", DefaultValueFactory = _ => UiCommand.DefaultListen };
        var command = new Command("run", "Run a load test plan.")
        {
            planArgument, users, duration, iterations, target, outDir, ammo, ammoOnce, insecure, seed, debug, ui, uiListen,
        };
        var results = new ResultOptions();
        results.AddTo(command);
        var cluster = new ClusterArguments();
        cluster.AddTo(command);
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
                Seed = parse.GetValue(seed),
            };
            var ammoPath = parse.GetValue(ammo);
            var once = parse.GetValue(ammoOnce);
            Plan? plan;
            if (parse.GetValue(planArgument) is { } planPath)
            {
                plan = PlanArguments.Load(console, planPath, overrides);
            }
            else if (ammoPath is not null)
            {
                plan = AmmoPlan(console, ammoPath, once, overrides);
            }
            else
            {
                console.MarkupLine("[red]error:[/] give a plan file, or an ammo file with --ammo and a --target. See [bold]barrage run --help[/].");
                return ExitCodes.BadInput;
            }
            if (plan is null)
                return ExitCodes.BadInput;
            if (ammoPath is not null)
                plan = plan with { Ammo = new AmmoSpec(Path.GetFullPath(ammoPath), "auto", Loop: !once), Scenario = new Scenario { Main = [] } };
            else if (once && plan.Ammo is not null)
                plan = plan with { Ammo = plan.Ammo with { Loop = false } };
            if (parse.GetValue(insecure))
                plan = plan with { Transport = plan.Transport with { VerifyCertificates = false } };
            var thresholdErrors = new List<PlanError>();
            plan = plan with
            {
                Thresholds = [.. plan.Thresholds, .. results.Thresholds(parse, thresholdErrors)],
                Autostop = [.. plan.Autostop, .. results.AutostopCriteria(parse, thresholdErrors)],
                Outputs = results.Outputs(parse, plan.Outputs, thresholdErrors),
            };
            var prometheus = results.PrometheusAddress(parse, thresholdErrors);
            var launch = cluster.Launch(parse, plan, overrides, thresholdErrors);
            if (thresholdErrors.Count > 0)
            {
                ErrorPrinter.Print(console, thresholdErrors);
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(ui))
            {
                return await UiRun.ExecuteAsync(console, plan, parse.GetValue(uiListen)!, parse.GetValue(results.Store), interrupt,
                    (feed, stop) => RunHost.ExecuteAsync(console, plan, parse.GetValue(outDir), stop, parse.GetValue(results.Store), prometheus, feed, parse.GetValue(debug), launch));
            }
            return await RunHost.ExecuteAsync(console, plan, parse.GetValue(outDir), interrupt, parse.GetValue(results.Store), prometheus,
                debug: parse.GetValue(debug), cluster: launch);
        });
        return command;
    }

    /// <summary>A plan made of options alone, for <c>run --ammo FILE --target URL</c>.</summary>
    private static Plan? AmmoPlan(IAnsiConsole console, string ammoPath, bool once, PlanOverrides overrides)
    {
        if (overrides.Target is null)
        {
            console.MarkupLine("[red]error:[/] --ammo without a plan needs --target URL");
            return null;
        }
        var seed = new Plan
        {
            Name = Path.GetFileNameWithoutExtension(ammoPath),
            Target = TargetSpec.Builtin,
            Load = new LoadSpec
            {
                Users = 10,
                Duration = overrides.Duration is null && overrides.Iterations is null && !once ? DefaultDuration : null,
            },
            Scenario = new Scenario { Main = [] },
        };
        try
        {
            return PlanLoader.ApplyOverrides(seed, overrides);
        }
        catch (PlanException e)
        {
            ErrorPrinter.Print(console, e.Errors);
            return null;
        }
    }
}
