namespace Barrage.Plans;

public class PlanOverridesTests
{
    private static Plan Load(string load) => PlanLoader.Parse(
        $"target: builtin\nload: {load}\nscenario: {{ main: [ {{ get: / }} ] }}\n", "p.yaml");

    [Fact]
    public void ApplyOverrides_ReplacesEachGivenValue()
    {
        var plan = Load("{ users: 2, duration: 1m, iterations: 5, ramp_up: 10s }");

        var result = PlanLoader.ApplyOverrides(plan, new PlanOverrides
        {
            Users = 50,
            Duration = TimeSpan.FromSeconds(30),
            Iterations = 7,
            Target = "https://127.0.0.1:8443/api",
        });

        Assert.Equal(50, result.Load.Users);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Load.Duration);
        Assert.Equal(7, result.Load.Iterations);
        Assert.Equal(new Uri("https://127.0.0.1:8443/api"), result.Target.Url);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Load.RampUp);
        Assert.Equal(plan.Scenario, result.Scenario);
        Assert.Equal(plan.Name, result.Name);
    }

    [Fact]
    public void ApplyOverrides_Nothing_LeavesThePlanAsItWas()
    {
        var plan = Load("{ users: 2, iterations: 5 }");

        Assert.Equal(plan, PlanLoader.ApplyOverrides(plan, new PlanOverrides()));
    }

    [Fact]
    public void ApplyOverrides_DurationOnIterationsPlan_KeepsBoth()
    {
        var plan = Load("{ iterations: 5 }");

        var result = PlanLoader.ApplyOverrides(plan, new PlanOverrides { Duration = TimeSpan.FromMinutes(2) });

        Assert.Equal(TimeSpan.FromMinutes(2), result.Load.Duration);
        Assert.Equal(5, result.Load.Iterations);
    }

    [Fact]
    public void ApplyOverrides_IterationsOnDurationPlan_KeepsBoth()
    {
        var plan = Load("{ duration: 1m }");

        var result = PlanLoader.ApplyOverrides(plan, new PlanOverrides { Iterations = 3 });

        Assert.Equal(TimeSpan.FromMinutes(1), result.Load.Duration);
        Assert.Equal(3, result.Load.Iterations);
    }

    [Fact]
    public void ApplyOverrides_TargetBuiltin_ReplacesAUrl()
    {
        var plan = PlanLoader.ApplyOverrides(Load("{ iterations: 1 }"), new PlanOverrides { Target = "http://127.0.0.1:1" });

        Assert.True(PlanLoader.ApplyOverrides(plan, new PlanOverrides { Target = "builtin" }).Target.IsBuiltin);
    }

    [Fact]
    public void ApplyOverrides_BadValues_AreAllReported_NamingTheOption()
    {
        var plan = Load("{ iterations: 5 }");

        var e = Assert.Throws<PlanException>(() => PlanLoader.ApplyOverrides(plan, new PlanOverrides
        {
            Users = 0,
            Duration = TimeSpan.Zero,
            Iterations = -1,
            Target = "localhost",
        }));

        Assert.Equal(
            [
                "--users must be at least 1, got 0",
                "--iterations must be at least 1, got -1",
                "--duration must be longer than zero, got 0s",
                "--target: expected 'builtin' or an absolute http:// or https:// URL, got 'localhost'",
            ],
            e.Errors.Select(x => x.ToString()));
        Assert.All(e.Errors, x => Assert.False(x.Position.IsKnown));
    }

    [Fact]
    public void ApplyOverrides_NegativeDuration_IsRefused()
    {
        var e = Assert.Throws<PlanException>(() =>
            PlanLoader.ApplyOverrides(Load("{ iterations: 1 }"), new PlanOverrides { Duration = TimeSpan.FromSeconds(-1) }));

        Assert.Equal("--duration cannot be negative", e.Message);
    }

    [Fact]
    public void ApplyOverrides_DurationNotLongerThanRampUp_IsRefused()
    {
        var plan = Load("{ duration: 1m, ramp_up: 20s }");

        var e = Assert.Throws<PlanException>(() =>
            PlanLoader.ApplyOverrides(plan, new PlanOverrides { Duration = TimeSpan.FromSeconds(20) }));

        Assert.Equal("--duration (20s) must be longer than the plan's load.ramp_up (20s)", e.Message);
    }
}
