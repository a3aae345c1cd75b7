namespace Barrage.Cluster.Protocol;

/// <summary>An idle agent saying it is there: its unique id (for its subjects), its name, and the hash of its token.</summary>
internal sealed record AgentAnnounce(string Id, string Name, string TokenHash);
