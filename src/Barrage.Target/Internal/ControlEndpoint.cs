namespace Barrage.Target.Internal;

/// <summary>
/// Endpoint metadata of the server's control endpoints (<c>/stats</c>, <c>/stall</c>): they are never stalled,
/// so a stall can always be inspected and switched off, and the stats endpoints do not count themselves.
/// </summary>
internal sealed record ControlEndpoint(bool Counted);
