namespace Barrage.Plans;

/// <summary>What a cluster run does when an agent is lost mid-run (<c>on_agent_loss</c>, <c>--on-agent-loss</c>).</summary>
public enum AgentLossAction
{
    /// <summary>The other agents go on; the summary states the missing share and when it went missing (<c>continue</c>, the default).</summary>
    Continue,

    /// <summary>Every agent stops and the run ends as interrupted (<c>abort</c>).</summary>
    Abort,
}
