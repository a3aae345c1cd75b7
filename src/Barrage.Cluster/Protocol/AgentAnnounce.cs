namespace Barrage.Cluster.Protocol;

/// <summary>An idle agent saying it is there: its unique id (for its subjects), its name, the hash of its token, and the machine it runs on.</summary>
internal sealed record AgentAnnounce(string Id, string Name, string TokenHash, string? Host = null);
