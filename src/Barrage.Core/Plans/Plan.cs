namespace Barrage.Plans;

/// <summary>
/// A validated, immutable load test: what to hit (<see cref="Target"/>), how hard (<see cref="Load"/>)
/// and what each user does (<see cref="Scenario"/>). Built by <see cref="PlanLoader"/> from YAML or in code.
/// </summary>
public sealed record Plan
{
    /// <summary>A short name for the run; used in run directories and reports.</summary>
    public required string Name { get; init; }

    /// <summary>Where requests go.</summary>
    public required TargetSpec Target { get; init; }

    /// <summary>How much load, for how long.</summary>
    public required LoadSpec Load { get; init; }

    /// <summary>What each user does.</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>Phantom ammo that supplies the requests of <c>main</c>; null when the scenario lists them.</summary>
    public AmmoSpec? Ammo { get; init; }

    /// <summary>How requests are sent: keep-alive, timeouts, TLS checks.</summary>
    public Transport.TransportOptions Transport { get; init; } = new();

    /// <summary>Result files to write besides <c>summary.json</c> and <c>report.html</c>: <c>phout</c>, <c>jsonl</c>.</summary>
    /// <remarks>Defaults to none; <c>--out</c> on the command line asks for phout too.</remarks>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>The names <see cref="Outputs"/> may hold: <c>phout</c> (one line per request), <c>jsonl</c> (one JSON line per second per tag).</summary>
    public static IReadOnlyList<string> KnownOutputs { get; } = ["phout", "jsonl"];

    /// <summary>Pass / fail criteria over the results (<c>p99 &lt; 300ms</c>); a failed one makes the run exit 1.</summary>
    public IReadOnlyList<Barrage.Thresholds.Threshold> Thresholds { get; init; } = [];

    /// <summary>Tank-style criteria that stop the run early (<c>http(5xx, 10%, 10s)</c>); the run then exits 4.</summary>
    public IReadOnlyList<Barrage.Autostop.AutostopCriterion> Autostop { get; init; } = [];

    /// <summary>Data feeders (<c>data:</c>): files whose rows users take as variables <c>NAME.COLUMN</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IReadOnlyList<Scenarios.DataSource> Data { get; init; } = [];

    /// <summary>The plan with its data feeders' variables (<c>users.name</c>) known to the scenario's macros.</summary>
    public Plan WithDataVariables() => Data.Count == 0 ? this : this with
    {
        Scenario = Scenario with { ExtraVariables = [.. Scenario.ExtraVariables.Union(Data.SelectMany(d => d.Variables))] },
    };

    /// <summary>In a cluster run, what happens when an agent is lost mid-run (<c>on_agent_loss</c>); <c>--on-agent-loss</c> overrides it.</summary>
    /// <remarks>Defaults to <see cref="AgentLossAction.Continue"/>; a run in one process ignores it.</remarks>
    public AgentLossAction OnAgentLoss { get; init; } = AgentLossAction.Continue;

    /// <summary>The plugin assemblies the plan loaded (<c>plugins:</c>), as full paths, in the order listed.</summary>
    /// <remarks>Defaults to none. A cluster run sends each to the agents with the files beside it.</remarks>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>The file the plan came from, when it came from one.</summary>
    public string? SourcePath { get; init; }
}
