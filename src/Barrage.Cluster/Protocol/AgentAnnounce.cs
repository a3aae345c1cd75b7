namespace Barrage.Cluster.Protocol;

/// <summary>
/// An idle agent saying it is there: its unique id (for its subjects), its name, the hash of its token, the machine it
/// runs on, and the protocol it speaks (<see cref="Wire.Protocol"/>; 0 from builds that sent none).
/// </summary>
internal sealed record AgentAnnounce(string Id, string Name, string TokenHash, string? Host = null, int Protocol = 0);
