using System.CommandLine;
using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage validate PLAN</c>: checks a plan and names every mistake with its line and column.</summary>
internal static class ValidateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var planArgument = new Argument<string>("PLAN") { Description = "The plan file (YAML)." };
        var command = new Command("validate", "Check a plan without running it: every mistake, with its line and column.")
        {
            planArgument,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(planArgument);
            var plan = PlanArguments.Load(console, path);
            if (plan is null)
                return ExitCodes.BadInput;
            var load = plan.Load;
            var length = (load.Duration, load.Iterations) switch
            {
                ({ } d, { } i) => $"{d.TotalSeconds:0.###} s or {i} iteration{(i == 1 ? "" : "s")} per user",
                ({ } d, null) => $"{d.TotalSeconds:0.###} s",
                (null, { } i) => $"{i} iteration{(i == 1 ? "" : "s")} per user",
                _ => "?",
            };
            if (load.Model == LoadModel.Open)
            {
                console.MarkupLineInterpolated(
                    $"[green]ok:[/] {path}: plan '{plan.Name}' against {plan.Target}, open model, {load.Schedule}, {load.Schedule!.TotalArrivals} arrivals, {plan.Scenario.Main.Count} step(s) in main");
                return ExitCodes.Ok;
            }
            console.MarkupLineInterpolated(
                $"[green]ok:[/] {path}: plan '{plan.Name}' against {plan.Target}, {load.Model.ToString().ToLowerInvariant()} model, {load.Users} user{(load.Users == 1 ? "" : "s")}, {length}, {plan.Scenario.Main.Count} step(s) in main");
            return ExitCodes.Ok;
        });
        return command;
    }
}
