namespace Barrage.Cluster.Protocol;

/// <summary>
/// The coordinator's answer to an agent's phout chunks: every sequence up to <c>Written</c> is in the collected file,
/// in order (-1: none yet); resend none of them. Sent for every chunk that arrives, duplicates included, so a lost
/// acknowledgement is repaired by the next.
/// </summary>
internal sealed record PhoutAck(long Written);
