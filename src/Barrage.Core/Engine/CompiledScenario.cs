using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// A scenario ready to run: validated, its activities compiled into steps once. Runners make a
/// <see cref="VirtualUser"/> per user (or per open-model slot) and run <see cref="Init"/>, <see cref="Main"/>
/// and <see cref="End"/> for it.
/// </summary>
internal sealed class CompiledScenario
{
    private readonly (string Name, Template Value)[] _variables;
    private readonly ScenarioRuntime _runtime;
    private readonly bool _iterationFeeders; // most plans have none: an iteration then looks at no feeder list

    private CompiledScenario(Step[] init, Step[] main, Step[] end, (string, Template)[] variables, ScenarioRuntime runtime)
    {
        Init = init;
        Main = main;
        End = end;
        _variables = variables;
        _runtime = runtime;
        _iterationFeeders = runtime.Feeders.Any(f => f.Source.Bind == DataBinding.Iteration);
    }

    public Step[] Init { get; }

    public Step[] Main { get; }

    public Step[] End { get; }

    /// <summary>
    /// The request when <see cref="Main"/> is exactly one fixed request (no macro, timeout, checks or debug: what
    /// <c>hit</c> sends), which a runner may send itself, as <see cref="StepRunner"/> would; null otherwise.
    /// </summary>
    public PreparedRequest? SingleFixedRequest => Main is [RequestStep { Fixed: { } request }] ? request : null;

    /// <summary>The seed of the users' random sources (think times, random macros).</summary>
    public int Seed => _runtime.Seed;

    /// <summary>Validates and compiles <paramref name="plan"/>'s scenario for a run recording through <paramref name="timer"/>.</summary>
    /// <exception cref="PlanException">The scenario has mistakes (possible for one built in code).</exception>
    public static CompiledScenario Compile(Plan plan, Uri baseAddress, ITransportFactory transports, RequestTimer timer, TimeProvider time, ScenarioOptions? options = null)
    {
        options ??= new ScenarioOptions();
        var scenario = plan.Scenario;
        var errors = ScenarioValidator.Validate(plan.WithDataVariables().Scenario);
        if (errors.Count > 0)
            throw new PlanException(errors);
        var compiler = new ScenarioCompiler(scenario, baseAddress, plan.Transport.KeepAlive, options.Debug);
        var init = compiler.Compile(scenario.Init);
        var main = compiler.Compile(scenario.Main);
        var end = compiler.Compile(scenario.End);
        compiler.CompileSequences();
        var seed = plan.Load.Seed ?? Random.Shared.Next();
        var runtime = new ScenarioRuntime(time, timer, transports, plan.Transport.KeepAlive, seed, options.Log, options.Debug)
        {
            Feeders = [.. plan.Data.Select(d => new DataFeeder(d, plan.Load.Seed))],
            Cookies = scenario.Cookies,
            TransportOptions = plan.Transport,
        };
        return new CompiledScenario(init, main, end, compiler.Variables(), runtime);
    }

    /// <summary>A new user with its own transport (<paramref name="transport"/>, or a new one) and its starting variables.</summary>
    public VirtualUser CreateUser(long id, CancellationToken hard, ITransport? transport = null)
    {
        var user = new VirtualUser(_runtime, id, transport ?? _runtime.Transports.Create(), hard);
        foreach (var (name, value) in _variables)
            user.Set(name, value.Render(user));
        Fill(user, DataBinding.User);
        return user;
    }

    /// <summary>Cancelled when the scenario stops the test itself (a check's stop_test, a spent unique feeder): runners stop as on Ctrl-C.</summary>
    public CancellationToken StopToken => _runtime.StopToken;

    /// <summary>Why the scenario stopped the test; null when it did not.</summary>
    public StopReason? StopReason => _runtime.StopReason;

    /// <summary>Starts an iteration of main: takes the iteration-bound data rows; false when a unique feeder ran out (the test then stops).</summary>
    public bool BeginIteration(VirtualUser user) => !_iterationFeeders || Fill(user, DataBinding.Iteration);

    private bool Fill(VirtualUser user, DataBinding binding)
    {
        foreach (var feeder in _runtime.Feeders)
        {
            if (feeder.Source.Bind == binding && !feeder.TryFill(user))
            {
                _runtime.RequestStop(Engine.StopReason.DataExhausted, feeder.ExhaustedMessage);
                return false;
            }
        }
        return true;
    }

    /// <summary>Runs <paramref name="steps"/> for <paramref name="user"/> on its own connection; false when a stop cut them short.</summary>
    public static ValueTask<bool> RunAsync(Step[] steps, VirtualUser user, CancellationToken soft) =>
        StepRunner.RunAsync(steps, user, user.Transport, soft);
}
