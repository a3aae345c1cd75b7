namespace Barrage.Target.Internal;

/// <summary>What the endpoints of one server share.</summary>
internal sealed class ServerState(TargetStats stats, StallGate stall, CancellationToken stopping)
{
    public TargetStats Stats { get; } = stats;

    public StallGate Stall { get; } = stall;

    /// <summary>Cancelled when the server starts stopping, so long waits (delays, trickles, web sockets) end at once.</summary>
    public CancellationToken Stopping { get; } = stopping;
}
