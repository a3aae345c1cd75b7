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

    // Times between rows, in milliseconds.
    private static readonly long[] NiceSteps =
    [
        1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
        60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
    ];

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
                ({ } d, { } i) => $"{Durations.Format(d)} or {i} iteration{(i == 1 ? "" : "s")} per user",
                ({ } d, null) => Durations.Format(d),
                (null, { } i) => $"{i} iteration{(i == 1 ? "" : "s")} per user",
                _ => load.SharedIterations is { } n ? $"{n} iterations shared" : "?",
            };
            console.MarkupLineInterpolated($"[bold]{plan.Name}[/]: closed model, {load.Users} users, {length}, ramp-up {Durations.Format(load.RampUp)}");
        }
    }

    private static void Chart(IAnsiConsole console, TimeSpan length, Func<TimeSpan, double> value, double peak, string unit)
    {
        console.MarkupLineInterpolated($"[grey]{"time",8}  {unit,10}[/]");
        var step = Step(length);
        for (var t = TimeSpan.Zero; ; t += step)
        {
            var last = t >= length - step / 2; // no row squeezed in just before the end
            // The last row is read just before the end, where the schedule still holds.
            var shown = last ? length : t;
            var v = value(last ? length - TimeSpan.FromTicks(1) : t);
            var bar = peak > 0 ? new string('█', (int)Math.Round(v / peak * BarWidth)) : "";
            console.MarkupLineInterpolated($"{Durations.Format(shown),8}  {Rate(v),10}  {bar}");
            if (last)
                break;
        }
    }

    /// <summary>
    /// The time between rows: the least of 1, 2 or 5 times a power of ten milliseconds (or 15 s, 30 s, whole minutes
    /// and hours, as clocks count) that shows the whole plan in at most <see cref="Points"/> rows.
    /// </summary>
    internal static TimeSpan Step(TimeSpan length)
    {
        var least = length.TotalMilliseconds / Points;
        foreach (var ms in NiceSteps)
        {
            if (ms >= least)
                return TimeSpan.FromMilliseconds(ms);
        }
        return TimeSpan.FromHours(Math.Ceiling(least / 3_600_000));
    }

    private static string Rate(double v) => v.ToString(v == Math.Floor(v) ? "0" : "0.##", CultureInfo.InvariantCulture);
}
