namespace Barrage.Cluster.Protocol;

/// <summary>
/// The NATS subjects of the protocol. Idle agents announce themselves on one subject; each agent listens on
/// subjects of its own id; everything about one run lives under that run's id, so runs never mix.
/// </summary>
internal static class Subjects
{
    /// <summary>Agents announce themselves here once a second while they wait for work.</summary>
    public const string Announce = "barrage.agents";

    /// <summary>An agent's commands (<c>offer</c>, <c>clock</c>, <c>start</c>), as NATS requests.</summary>
    public static string Agent(string agentId, string command) => $"barrage.agent.{agentId}.{command}";

    /// <summary>All of an agent's commands, for its subscription.</summary>
    public static string AgentAll(string agentId) => $"barrage.agent.{agentId}.*";

    /// <summary>The coordinator's heartbeat of a run, once a second.</summary>
    public static string Beat(string runId) => $"barrage.run.{runId}.beat";

    /// <summary>The coordinator's order to stop a run.</summary>
    public static string Stop(string runId) => $"barrage.run.{runId}.stop";

    /// <summary>Agent <paramref name="index"/>'s phout, shipped after the run when the coordinator collects it.</summary>
    public static string Phout(string runId, int index) => $"barrage.run.{runId}.phout.{index}";

    /// <summary>The coordinator's acknowledgements of agent <paramref name="index"/>'s phout chunks (<see cref="PhoutAck"/>).</summary>
    public static string PhoutAck(string runId, int index) => $"barrage.run.{runId}.phoutack.{index}";

    /// <summary>All agents' phout chunks of a run.</summary>
    public static string Phouts(string runId) => $"barrage.run.{runId}.phout.*";

    /// <summary>What agent <paramref name="index"/> reports about a run: heartbeats with its seconds, then its end.</summary>
    public static string Report(string runId, int index) => $"barrage.run.{runId}.agent.{index}";

    /// <summary>
    /// The coordinator's acknowledgements to agent <paramref name="index"/>: the highest report sequence it applied, so the
    /// agent stops resending up to there.
    /// </summary>
    public static string Ack(string runId, int index) => $"barrage.run.{runId}.ack.{index}";

    /// <summary>All agents' reports of a run.</summary>
    public static string Reports(string runId) => $"barrage.run.{runId}.agent.*";
}
