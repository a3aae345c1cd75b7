namespace Barrage.Cluster.Protocol;

/// <summary>
/// A piece of an agent's phout file shipped to the coordinator after the run (<c>--collect-phout</c>), in order;
/// the last one has <c>Last</c> set (and <c>Error</c> when the file could not be read).
/// </summary>
internal sealed record PhoutChunk(int Index, long Sequence, byte[] Data, bool Last, string? Error);
