namespace Barrage.Cluster.Protocol;

/// <summary>When to start, on the agent's own clock (Unix microseconds): the agreed instant plus its measured offset.</summary>
internal sealed record StartCommand(long StartAtUnixUs);
