namespace Barrage.Cluster.Protocol;

/// <summary>An agent's answer to an offer: ready, or why not (a plan it cannot load, a wrong token, busy).</summary>
internal sealed record OfferReply(bool Ready, string? Reason);
