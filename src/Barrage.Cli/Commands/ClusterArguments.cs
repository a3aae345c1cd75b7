using System.CommandLine;
using Barrage.Cluster;
using Barrage.Plans;

namespace Barrage.Cli.Commands;

/// <summary><c>run</c>'s options for a cluster run: <c>--nats</c>, <c>--agents</c>, <c>--agent-timeout</c>, <c>--token</c>, <c>--on-agent-loss</c>.</summary>
internal sealed class ClusterArguments
{
    private readonly Option<string?> _nats = new("--nats") { Description = "Coordinate agents through this NATS server instead of running the load here (needs --agents)." };
    private readonly Option<int?> _agents = new Option<int?>("--agents") { Description = "How many agents (barrage agent --nats URL) share the load." }.Numeric();
    private readonly Option<string?> _timeout = new("--agent-timeout") { Description = "How long to wait for the agents, e.g. 30s (default)." };
    private readonly Option<string?> _token = new("--token") { Description = "A shared secret every agent must hold." };
    private readonly Option<bool> _collectPhout = new("--collect-phout") { Description = "Ship each agent's phout back after the run, into the run directory's agents/NAME/phout.log." };
    private readonly Option<string?> _onLoss = new("--on-agent-loss")
    {
        Description = "When an agent is lost mid-run: continue (the default; the summary states its missing share) or abort. Overrides the plan's on_agent_loss.",
    };

    public void AddTo(Command command)
    {
        command.Add(_nats);
        command.Add(_agents);
        command.Add(_timeout);
        command.Add(_token);
        command.Add(_onLoss);
        command.Add(_collectPhout);
    }

    /// <summary>The cluster launch the options ask for, null for a run in this process; errors are added to <paramref name="errors"/>.</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="plan">The plan: its <c>on_agent_loss</c> holds unless <c>--on-agent-loss</c> is given.</param>
    /// <param name="overrides">The command line's overrides, which every agent applies too.</param>
    /// <param name="errors">Where mistakes go.</param>
    public ClusterLaunch? Launch(ParseResult parse, Plan plan, PlanOverrides overrides, List<PlanError> errors)
    {
        void Error(string message) => errors.Add(new PlanError(SourcePosition.None, message));
        var url = parse.GetValue(_nats);
        var agents = parse.GetValue(_agents);
        if (url is null)
        {
            if (agents is not null || parse.GetValue(_timeout) is not null || parse.GetValue(_onLoss) is not null || parse.GetValue(_collectPhout))
                Error("--agents, --agent-timeout, --on-agent-loss and --collect-phout need --nats URL");
            return null;
        }
        if (agents is not { } count || count < 1)
        {
            Error("--nats needs --agents N (at least 1): how many agents share the load");
            return null;
        }
        var timeout = TimeSpan.FromSeconds(30);
        if (parse.GetValue(_timeout) is { } text && !Durations.TryParse(text, out timeout, out var error))
            Error($"--agent-timeout: {error}");
        var abort = plan.OnAgentLoss == AgentLossAction.Abort;
        switch (parse.GetValue(_onLoss))
        {
            case null:
                break;
            case "continue":
                abort = false;
                break;
            case "abort":
                abort = true;
                break;
            case var other:
                Error($"--on-agent-loss must be continue or abort, got '{other}'");
                break;
        }
        return new ClusterLaunch(new ClusterOptions(url, count, timeout, parse.GetValue(_token), abort), overrides, parse.GetValue(_collectPhout));
    }
}
