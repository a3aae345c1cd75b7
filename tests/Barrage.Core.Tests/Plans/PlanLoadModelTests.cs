using Barrage.Load;

namespace Barrage.Plans;

/// <summary>The open model's fields, user schedules and cycles in plans, with errors inside schedules at their character.</summary>
public sealed class PlanLoadModelTests
{
    private static Plan Parse(string load) =>
        PlanLoader.Parse($"target: builtin\nload:\n{load}\nscenario: {{ main: [ {{ get: / }} ] }}\n", "p.yaml");

    private static void AssertErrors(string load, params string[] expected)
    {
        var e = Assert.Throws<PlanException>(() => Parse(load));
        Assert.Equal(expected, e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void OpenModel_EveryField_IsRead()
    {
        var load = Parse("""
              model: open
              schedule: line(1, 100, 10s) const(100, 1m)
              arrivals: poisson
              seed: 42
              max_in_flight: 64
              late_after: 250ms
              resolution: 0.5ms
              graceful_stop: 2s
            """).Load;

        Assert.Equal(LoadModel.Open, load.Model);
        Assert.Equal([new(1, 100, TimeSpan.FromSeconds(10)), new(100, 100, TimeSpan.FromMinutes(1))], load.Schedule!.Segments);
        Assert.Equal(ArrivalKind.Poisson, load.Arrivals);
        Assert.Equal(42, load.Seed);
        Assert.Equal(64, load.MaxInFlight);
        Assert.Equal(TimeSpan.FromMilliseconds(250), load.LateAfter);
        Assert.Equal(TimeSpan.FromMicroseconds(500), load.Resolution);
        Assert.Null(load.Duration);
    }

    [Fact]
    public void OpenModel_Defaults()
    {
        var load = Parse("  model: open\n  schedule: const(10, 1s)").Load;

        Assert.Equal(ArrivalKind.Even, load.Arrivals);
        Assert.Null(load.Seed);
        Assert.Equal(1000, load.MaxInFlight);
        Assert.Equal(TimeSpan.FromSeconds(1), load.LateAfter);
        Assert.Null(load.Resolution);
    }

    [Fact]
    public void ScheduleError_PointsAtItsCharacter_PlainAndQuoted()
    {
        AssertErrors("  model: open\n  schedule: line(1, 10", "p.yaml:4:23: load.schedule: expected ')'");
        AssertErrors("  model: open\n  schedule: \"const(1, 1s) lne(1, 2, 3s)\"", "p.yaml:4:27: load.schedule: unknown rate schedule 'lne'; did you mean 'line'?");
        AssertErrors("  model: open\n  schedule: const(1, 5x)", "p.yaml:4:22: load.schedule: unknown unit 'x' in duration '5x'; use h, m, s or ms");
    }

    [Fact]
    public void OpenModel_RefusesClosedFields_AndClosedRefusesOpenOnes()
    {
        AssertErrors("  model: open\n  schedule: const(1, 1s)\n  users: 5\n  iterations: 3",
            "p.yaml:5:10: load.users: belongs to the closed model; in the open model the schedule sets the load",
            "p.yaml:6:15: load.iterations: belongs to the closed model; in the open model the schedule sets the load");
        AssertErrors("  users: 5\n  duration: 1s\n  schedule: const(1, 1s)\n  max_in_flight: 3",
            "p.yaml:5:13: load.schedule: belongs to the open model; add 'load.model: open'",
            "p.yaml:6:18: load.max_in_flight: belongs to the open model; add 'load.model: open'");
    }

    [Fact]
    public void OpenModel_BadValues()
    {
        AssertErrors("  model: open\n  schedule: const(1, 1s)\n  arrivals: poison\n  max_in_flight: 0\n  late_after: 0s\n  seed: -1",
            "p.yaml:5:13: load.arrivals: unknown value 'poison'; did you mean 'poisson'?",
            "p.yaml:6:18: load.max_in_flight: must be at least 1, got 0",
            "p.yaml:7:15: load.late_after: must be longer than zero, got '0s'",
            "p.yaml:8:9: load.seed: must be at least 0, got -1");
        AssertErrors("  model: open\n  schedule: const(1, 1s)\n  resolution: 2s",
            "p.yaml:5:15: load.resolution: must be at most 1s, got 2s");
        AssertErrors("  users: 5\n  duration: 1s\n  resolution: 1ms",
            "p.yaml:5:15: load.resolution: belongs to the open model; add 'load.model: open'");
    }

    [Fact]
    public void Users_AsASchedule_SetsTheLengthAndTheMaximum()
    {
        var load = Parse("  users: line(1, 50, 20s) const(50, 20s) line(50, 0, 10s)").Load;

        Assert.Equal(LoadModel.Closed, load.Model);
        Assert.Equal(50, load.Users);
        Assert.Equal(TimeSpan.FromSeconds(50), load.UserSchedule!.Duration);
        Assert.Same(load.UserSchedule, load.UsersOverTime);
    }

    [Fact]
    public void Users_ScheduleError_PointsAtItsCharacter() =>
        AssertErrors("  users: ramp(5, 1s) wait(1s, 2s)", "p.yaml:3:31: load.users: wait takes 1 argument (duration), got 2");

    [Fact]
    public void Users_Cycles_WithCycleDuration_AreAUserSchedule()
    {
        var load = Parse("  users: 10:20:30\n  cycle_duration: 5s").Load;

        Assert.Equal([10, 20, 30], load.Cycles);
        Assert.Equal(30, load.Users);
        Assert.Equal([10, 20, 30], new[] { 0, 5, 10 }.Select(t => load.UsersOverTime!.UsersAt(TimeSpan.FromSeconds(t))));
    }

    [Fact]
    public void Users_Cycles_WithHits()
    {
        var load = Parse("  users: 1:2\n  hits: 7").Load;

        Assert.Equal([1, 2], load.Cycles);
        Assert.Equal(7, load.Hits);
        Assert.Null(load.UsersOverTime);
    }

    [Fact]
    public void Users_CycleMistakes()
    {
        AssertErrors("  users: 10:20", "p.yaml:3:10: load.users: cycles need 'load.cycle_duration' (how long each runs) or 'load.hits' (iterations per user in each)");
        AssertErrors("  users: 10:20\n  hits: 2\n  cycle_duration: 1s", "p.yaml:4:9: load.hits: cycles run for 'load.cycle_duration' or for 'load.hits', not both");
        AssertErrors("  users: 10::5\n  hits: 2", "p.yaml:3:13: load.users: expected a number of users from 1 to 1000000 in each cycle, got nothing");
        AssertErrors("  users: 3\n  duration: 1s\n  hits: 2", "p.yaml:5:9: load.hits: goes with cycles of users, such as 'users: 10:20:30'");
        AssertErrors("  users: line(1, 5, 5s)\n  ramp_up: 1s", "p.yaml:4:12: load.ramp_up: does not go with a schedule of users; ramp up in it, e.g. line(1, 50, 20s)");
    }

    [Fact]
    public void Overrides_UsersAndIterations_AreRefusedOnOpenPlans_SeedIsTaken()
    {
        var plan = Parse("  model: open\n  schedule: const(1, 1s)");

        var e = Assert.Throws<PlanException>(() => PlanLoader.ApplyOverrides(plan, new PlanOverrides { Users = 3, Iterations = 2 }));
        Assert.Equal(
            ["--users is for the closed model; this plan is open: its schedule sets the load",
             "--iterations is for the closed model; this plan is open: its schedule sets the load"],
            e.Errors.Select(x => x.Message));
        Assert.Equal(9, PlanLoader.ApplyOverrides(plan, new PlanOverrides { Seed = 9 }).Load.Seed);
    }

    [Fact]
    public void Overrides_Users_ReplaceAUserSchedule_KeepingItsLength()
    {
        var plan = Parse("  users: line(1, 5, 5s) const(5, 5s)");

        var load = PlanLoader.ApplyOverrides(plan, new PlanOverrides { Users = 3 }).Load;

        Assert.Null(load.UsersOverTime);
        Assert.Equal(3, load.Users);
        Assert.Equal(TimeSpan.FromSeconds(10), load.Duration);
    }
}
