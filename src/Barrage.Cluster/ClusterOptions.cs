namespace Barrage.Cluster;

/// <summary>How <c>barrage run --nats</c> coordinates.</summary>
/// <param name="NatsUrl">The NATS server (credentials and TLS in the URL are passed through).</param>
/// <param name="Agents">How many agents to wait for; the test starts with exactly that many.</param>
/// <param name="AgentTimeout">How long to wait for them.</param>
/// <param name="Token">A shared secret every agent must hold; null for none.</param>
/// <param name="AbortOnAgentLoss">True: an agent lost mid-run stops the whole test; false: the rest go on and the summary states the missing share.</param>
/// <param name="CollectPhoutDir">Where the agents' phout files are collected after the run (NAME/phout.log); null to leave them with the agents.</param>
public sealed record ClusterOptions(string NatsUrl, int Agents, TimeSpan AgentTimeout, string? Token = null, bool AbortOnAgentLoss = false,
    string? CollectPhoutDir = null);
