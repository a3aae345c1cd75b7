using Barrage.Engine;
using Barrage.Plans;
using Barrage.Transport;
using Barrage.Transport.Http1;
using Barrage.Transport.Http2;

namespace Barrage.Scenarios;

/// <summary>
/// Runs a plan (a scenario built in code or read from YAML) from a program or an xunit test, with the same load
/// models as <c>barrage run</c>: closed users, users over time or cycles, or an open schedule of arrivals.
/// </summary>
/// <example>
/// <code>
/// var scenario = Scenario.Create("shop").Main(m =&gt; m.Get("/items")).Build();
/// var result = await BarrageRunner.RunAsync(scenario, new Uri("http://127.0.0.1:8080"), new LoadSpec { Users = 4, Duration = TimeSpan.FromSeconds(5) });
/// Assert.Equal(0, result.Total.Errors);
/// </code>
/// </example>
public sealed class BarrageRunner
{
    private readonly Func<CancellationToken, Task<RunOutcome>> _run;
    private readonly TagTotals _totals = new();
    private readonly Http2TransportFactory? _owned;

    /// <param name="plan">What to run; its target is ignored in favour of <paramref name="target"/>.</param>
    /// <param name="target">The base address requests go to.</param>
    /// <param name="sink">Also receives every sample (a phout writer, a live view...); null for none.</param>
    /// <param name="options">Where <c>log:</c> goes, and debug output.</param>
    /// <param name="transports">Makes each user's connection; defaults to Barrage's HTTP/1.1 client with the plan's options (HTTP/2 when they ask for it).</param>
    /// <param name="time">The clock; defaults to the system's.</param>
    /// <exception cref="PlanException">The scenario has mistakes; every one is listed.</exception>
    public BarrageRunner(Plan plan, Uri target, ISampleSink? sink = null, ScenarioOptions? options = null, ITransportFactory? transports = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        if (plan.Ammo is not null)
            throw new ArgumentException("A plan with ammo runs through barrage run; the library runs scenarios.", nameof(plan));
        if (plan.Scenario.Main.Count == 0)
            throw new PlanException(new PlanError(SourcePosition.None, "main needs at least one activity"));
        if (transports is null && plan.Transport.Http2)
            transports = _owned = new Http2TransportFactory(plan.Transport);
        transports ??= new Http1TransportFactory(plan.Transport);
        ISampleSink all = sink is null ? _totals : new SinkFanout([_totals, sink]);
        if (plan.Load.Model == LoadModel.Open)
        {
            var open = new OpenModelRunner(plan, target, transports, all, time, options: options);
            Progress = open.Progress;
            _run = open.RunAsync;
        }
        else if (plan.Load.UsersOverTime is not null || plan.Load.Cycles is not null)
        {
            var changing = new UserScheduleRunner(plan, target, transports, all, time, options: options);
            Progress = changing.Progress;
            _run = changing.RunAsync;
        }
        else
        {
            var closed = new LoadRunner(plan, target, transports, all, time, options: options);
            Progress = closed.Progress;
            _run = closed.RunAsync;
        }
    }

    /// <summary>Live state while the run goes: users, requests in flight, arrivals.</summary>
    public RunProgress Progress { get; }

    /// <summary>Runs to the end; cancelling <paramref name="stop"/> stops gracefully (users still run <c>end</c>).</summary>
    public async Task<BarrageResult> RunAsync(CancellationToken stop = default)
    {
        RunOutcome outcome;
        try
        {
            outcome = await _run(stop);
        }
        finally
        {
            _owned?.Dispose(); // its connections; a runner runs once
        }
        return new BarrageResult { Outcome = outcome, Total = _totals.Total, ByTag = _totals.ByTag };
    }

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="target"/> with <paramref name="load"/>.</summary>
    public static Task<BarrageResult> RunAsync(Scenario scenario, Uri target, LoadSpec load, ScenarioOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(target);
        var plan = new Plan { Name = scenario.Name ?? "scenario", Target = TargetSpec.ForUrl(target), Load = load, Scenario = scenario };
        return new BarrageRunner(plan, target, options: options).RunAsync(stop);
    }
}
