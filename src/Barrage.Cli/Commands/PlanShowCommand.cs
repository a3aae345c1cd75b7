using System.CommandLine;
using System.Globalization;
using Barrage.Cli.Output;
using Barrage.Load;
using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage plan-show PLAN</c>: the load a plan will make, before running it: totals and a small chart.</summary>
internal static class PlanShowCommand
{
    private const int Points = 12;
    private const int BarWidth = 40;

    public static Command Create(IAnsiConsole console)
    {
        var planArgument = new Argument<string>("PLAN") { Description = "The plan file (YAML)." };
        var command = new Command("plan-show", "Show the load a plan makes: duration, total arrivals, the rate or users over time as a chart.")
        {
            planArgument,
        };
        command.SetAction(parse =>
        {
            var plan = PlanArguments.Load(console, parse.GetRequiredValue(planArgument));
            if (plan is null)
                return ExitCodes.BadInput;
            Show(console, plan);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints the planned load of <paramref name="plan"/>.</summary>
    public static void Show(IAnsiConsole console, Plan plan)
    {
        var load = plan.Load;
        if (load.Model == LoadModel.Open && load.Schedule is { } schedule)
        {
            var length = load.Duration is { } cap && cap < schedule.Duration ? cap : schedule.Duration;
            var total = (long)Math.Ceiling(schedule.ArrivalsBy(length) - 1e-9);
            console.MarkupLineInterpolated($"[bold]{plan.Name}[/]: open model, {schedule}");
            console.MarkupLineInterpolated(
                $"duration {Durations.Format(length)}, {Format.Count(total)} arrivals planned ({load.Arrivals.ToString().ToLowerInvariant()}), peak {Rate(schedule.PeakRate)}/s, at most {load.MaxInFlight} in flight, dropped when later than {Durations.Format(load.LateAfter)}{(load.Resolution is { } resolution ? $", resolution {Durations.Format(resolution)}" : "")}");
            Chart(console, length, t => schedule.RateAt(t), schedule.PeakRate, "rate/s");
        }
        else if (load.UsersOverTime is { } users)
        {
            console.MarkupLineInterpolated($"[bold]{plan.Name}[/]: closed model, users over time");
            console.MarkupLineInterpolated($"duration {Durations.Format(users.Duration)}, at most {users.MaxUsers} users");
            Chart(console, users.Duration, t => users.UsersAt(t), users.MaxUsers, "users");
        }
        else if (load.Cycles is { } cycles)
        {
            console.MarkupLineInterpolated(
                $"[bold]{plan.Name}[/]: closed model, cycles of {string.Join(", ", cycles)} users, each user doing {load.Hits} iterations of main per cycle");
        }
        else
        {
            var length = (load.Duration, load.Iterations) switch
            {
                ({ } d, { } i) => $"{Durations.Format(d)} or {i} iterations per user",
                ({ } d, null) => Durations.Format(d),
                (null, { } i) => $"{i} iterations per user",
                _ => load.SharedIterations is { } n ? $"{n} iterations shared" : "?",
            };
            console.MarkupLineInterpolated($"[bold]{plan.Name}[/]: closed model, {load.Users} users, {length}, ramp-up {Durations.Format(load.RampUp)}");
        }
    }

    private static void Chart(IAnsiConsole console, TimeSpan length, Func<TimeSpan, double> value, double peak, string unit)
    {
        console.MarkupLineInterpolated($"[grey]{"time",8}  {unit,10}[/]");
        for (var i = 0; i <= Points; i++)
        {
            // The last point is read just before the end, where the schedule still holds.
            var t = i == Points ? length - TimeSpan.FromTicks(1) : length * i / Points;
            var v = value(t);
            var bar = peak > 0 ? new string('█', (int)Math.Round(v / peak * BarWidth)) : "";
            var shown = i == Points ? length : t;
            console.MarkupLineInterpolated($"{Durations.Format(TimeSpan.FromSeconds(Math.Round(shown.TotalSeconds, 1))),8}  {Rate(v),10}  {bar}");
        }
    }

    private static string Rate(double v) => v.ToString(v == Math.Floor(v) ? "0" : "0.##", CultureInfo.InvariantCulture);
}
